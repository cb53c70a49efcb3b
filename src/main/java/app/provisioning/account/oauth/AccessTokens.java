package app.provisioning.account.oauth;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWKSet;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.stereotype.Component;

/**
 * Signs access tokens for authenticated OAuth clients, with Spring Security's JOSE
 * support.
 */
@Component
class AccessTokens {

	static final String ACCOUNT_CLAIM = "account_id";

	static final String CLIENT_CLAIM = "client_id";

	private final SigningKeys keys;

	private final OAuthProperties properties;

	private final NimbusJwtEncoder encoder;

	AccessTokens(SigningKeys keys, OAuthProperties properties) {
		this.keys = keys;
		this.properties = properties;
		this.encoder = new NimbusJwtEncoder((selector, context) -> selector.select(new JWKSet(keys.signingKey())));
	}

	record AccessToken(String value, long expiresInSeconds) {
	}

	AccessToken issue(OAuthClient client, Instant now) {
		Instant expiresAt = now.plus(this.properties.tokenLifetime());
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.issuer(this.properties.issuer())
			.subject(client.getClientId())
			.audience(List.of(this.properties.audience()))
			.issuedAt(now)
			.notBefore(now)
			.expiresAt(expiresAt)
			.id(UUID.randomUUID().toString())
			.claim(ACCOUNT_CLAIM, client.getAccountId().toString())
			.claim(CLIENT_CLAIM, client.getClientId())
			.build();
		JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(this.keys.signingKey().getKeyID()).build();
		String token = this.encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
		return new AccessToken(token, this.properties.tokenLifetime().toSeconds());
	}

}
