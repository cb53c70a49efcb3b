package app.provisioning.account;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;

/**
 * The checks an Entra-issued provisioning token must pass besides its signature: issuer
 * {@code https://sts.windows.net/{tenantId}/} naming the same tenant as the {@code tid}
 * claim, the provisioning service's audience, and expiry / not-before with a small skew.
 */
final class EntraJwtValidators {

	static final Pattern ISSUER = Pattern.compile("https://sts\\.windows\\.net/([0-9a-fA-F-]{36})/");

	private EntraJwtValidators() {
	}

	static OAuth2TokenValidator<Jwt> of(EntraTokenProperties properties) {
		return new DelegatingOAuth2TokenValidator<>(List.of(new JwtTimestampValidator(properties.clockSkew()),
				EntraJwtValidators::issuerMatchesTenant, (jwt) -> audience(jwt, properties.audience())));
	}

	private static OAuth2TokenValidatorResult issuerMatchesTenant(Jwt jwt) {
		String issuer = jwt.getClaimAsString("iss");
		Matcher matcher = (issuer != null) ? ISSUER.matcher(issuer) : null;
		if (matcher == null || !matcher.matches()) {
			return failure("The token's issuer '" + issuer + "' is not Entra's (https://sts.windows.net/<tenant id>/)");
		}
		String tenant = jwt.getClaimAsString("tid");
		if (tenant == null || !tenant.equalsIgnoreCase(matcher.group(1))) {
			return failure("The token's tid claim does not name the tenant of its issuer");
		}
		return OAuth2TokenValidatorResult.success();
	}

	private static OAuth2TokenValidatorResult audience(Jwt jwt, String expected) {
		List<String> audiences = jwt.getAudience();
		if (audiences != null && audiences.contains(expected)) {
			return OAuth2TokenValidatorResult.success();
		}
		return failure("The token's audience " + audiences + " is not Entra's provisioning service (" + expected + ")");
	}

	private static OAuth2TokenValidatorResult failure(String description) {
		return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null));
	}

}
