package app.provisioning.account;

import app.provisioning.account.oauth.JwtIssuer;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;

/**
 * Entra-issued JWTs, checked by the OAuth2 resource server's
 * {@link JwtAuthenticationProvider}. Bearer values that are not JWTs at all are left to
 * the secret-token provider, so a mistyped secret token is reported as such rather than
 * as a malformed JWT; our own access tokens are left to their provider.
 */
class EntraJwtAuthenticationProvider implements AuthenticationProvider {

	private final JwtAuthenticationProvider jwts;

	private final String ownIssuer;

	EntraJwtAuthenticationProvider(JwtDecoder decoder, AccountRepository accounts, String ownIssuer) {
		this.ownIssuer = ownIssuer;
		this.jwts = new JwtAuthenticationProvider(decoder);
		this.jwts.setJwtAuthenticationConverter(new EntraJwtAuthenticationConverter(accounts));
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		String token = ((BearerTokenAuthenticationToken) authentication).getToken();
		if (!looksLikeJwt(token) || this.ownIssuer.equals(JwtIssuer.unverified(token))) {
			return null;
		}
		return this.jwts.authenticate(authentication);
	}

	static boolean looksLikeJwt(String token) {
		return token.chars().filter((c) -> c == '.').count() == 2;
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
