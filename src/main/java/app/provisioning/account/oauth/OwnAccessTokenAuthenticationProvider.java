package app.provisioning.account.oauth;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import app.provisioning.account.Account;
import app.provisioning.account.AccountRepository;
import app.provisioning.account.ScimAuthentication;
import app.provisioning.account.ScimCaller;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;

/**
 * Access tokens from our own token endpoint, checked by the OAuth2 resource server
 * against our published signing keys. The client is looked up on every request, so
 * revoking it takes effect at once, not when its tokens expire.
 */
public class OwnAccessTokenAuthenticationProvider implements AuthenticationProvider {

	private final String issuer;

	private final JwtAuthenticationProvider jwts;

	public OwnAccessTokenAuthenticationProvider(SigningKeys keys, OAuthProperties properties, OAuthClients clients,
			AccountRepository accounts) {
		this.issuer = properties.issuer();
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(keys.verificationKeys()).build();
		decoder.setJwtValidator(
				new DelegatingOAuth2TokenValidator<>(List.of(new JwtTimestampValidator(Duration.ofSeconds(60)),
						new JwtIssuerValidator(properties.issuer()), (jwt) -> audience(jwt, properties.audience()))));
		this.jwts = new JwtAuthenticationProvider(decoder);
		this.jwts.setJwtAuthenticationConverter((jwt) -> {
			OAuthClient client = clients.byClientId(jwt.getClaimAsString(AccessTokens.CLIENT_CLAIM))
				.filter((candidate) -> !candidate.isRevoked())
				.orElseThrow(() -> new InvalidBearerTokenException(
						"The OAuth client of this access token was revoked; request a token with a current client"));
			if (jwt.getIssuedAt() == null || jwt.getIssuedAt()
				.isBefore(client.getSecretSetAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS))) {
				throw new InvalidBearerTokenException(
						"The access token was issued before the client's secret was replaced; request a new token");
			}
			if (!client.getAccountId().toString().equals(jwt.getClaimAsString(AccessTokens.ACCOUNT_CLAIM))) {
				throw new InvalidBearerTokenException("The access token does not belong to its client's account");
			}
			Account account = accounts.findById(UUID.fromString(jwt.getClaimAsString(AccessTokens.ACCOUNT_CLAIM)))
				.orElseThrow(() -> new InvalidBearerTokenException("The access token's account no longer exists"));
			return new ScimAuthentication(ScimCaller.of(account, "OAuth client " + client.getClientId()));
		});
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		String token = ((BearerTokenAuthenticationToken) authentication).getToken();
		return this.issuer.equals(JwtIssuer.unverified(token)) ? this.jwts.authenticate(authentication) : null;
	}

	private static OAuth2TokenValidatorResult audience(Jwt jwt, String expected) {
		if (jwt.getAudience() != null && jwt.getAudience().contains(expected)) {
			return OAuth2TokenValidatorResult.success();
		}
		return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
				"The access token is not meant for the SCIM API", null));
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
