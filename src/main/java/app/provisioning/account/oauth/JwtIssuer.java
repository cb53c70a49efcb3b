package app.provisioning.account.oauth;

import java.text.ParseException;

import com.nimbusds.jwt.JWTParser;

/**
 * The {@code iss} of a JWT before any check, only to choose which verifier applies: ours
 * or Entra's. Nothing is trusted from it.
 */
public final class JwtIssuer {

	private JwtIssuer() {
	}

	public static String unverified(String token) {
		if (token.chars().filter((c) -> c == '.').count() != 2) {
			return null;
		}
		try {
			return JWTParser.parse(token).getJWTClaimsSet().getIssuer();
		}
		catch (ParseException | RuntimeException ex) {
			return null;
		}
	}

}
