package app.provisioning.account;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;

/**
 * Entra-issued JWTs, checked by the OAuth2 resource server's {@link JwtAuthenticationProvider}.
 * Bearer values that are not JWTs at all are left to the secret-token provider, so a mistyped
 * secret token is reported as such rather than as a malformed JWT.
 */
class EntraJwtAuthenticationProvider implements AuthenticationProvider {

	private final JwtAuthenticationProvider jwts;

	EntraJwtAuthenticationProvider(JwtDecoder decoder, AccountRepository accounts) {
		this.jwts = new JwtAuthenticationProvider(decoder);
		this.jwts.setJwtAuthenticationConverter(new EntraJwtAuthenticationConverter(accounts));
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		String token = ((BearerTokenAuthenticationToken) authentication).getToken();
		return looksLikeJwt(token) ? this.jwts.authenticate(authentication) : null;
	}

	static boolean looksLikeJwt(String token) {
		return token.chars().filter((c) -> c == '.').count() == 2;
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
