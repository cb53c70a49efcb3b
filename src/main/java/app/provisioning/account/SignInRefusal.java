package app.provisioning.account;

import java.util.Locale;
import java.util.Map;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;

/**
 * Why a sign-in with Microsoft was refused, as a short code the sign-in page turns into
 * words a person understands (the log keeps the technical detail).
 */
public final class SignInRefusal {

	/** The sign-in page's explanation of each code. */
	public static final Map<String, String> EXPLANATIONS = Map
		.of("not-a-member", "You signed in with Microsoft, but that account is not a member of any account here."
				+ " Ask an owner of your organisation's account to add you, or sign in with another Microsoft account.",
				"expired",
				"Microsoft's answer had expired before it reached this server, so it was refused. Sign in again;"
						+ " if this keeps happening, this server's clock may be wrong.",
				"not-for-us", "Microsoft's answer was meant for another application, so it was refused.",
				"wrong-tenant", "Microsoft's answer did not come from the organisation it names, so it was refused.",
				"forged", "The answer was not signed by Microsoft, so it was refused.", "stale",
				"The sign-in took too long, was started in another browser, or was already used. Start again.",
				"cancelled",
				"Microsoft did not sign you in: it was cancelled, or your organisation does not allow this"
						+ " application. Your IT administrator may need to consent to it.",
				"unavailable", "Microsoft could not be reached to finish the sign-in. Try again in a moment.", "failed",
				"The sign-in with Microsoft did not work. Try again; the server's log says why.");

	private SignInRefusal() {
	}

	static String of(AuthenticationException failure) {
		if (!(failure instanceof OAuth2AuthenticationException oauth)) {
			return "failed";
		}
		String code = oauth.getError().getErrorCode();
		String description = String.valueOf(oauth.getError().getDescription()).toLowerCase(Locale.ROOT);
		return switch (code) {
			case "authorization_request_not_found", "invalid_state_parameter", "invalid_nonce",
					"invalid_redirect_uri_parameter" ->
				"stale";
			case "invalid_token_response" -> "unavailable";
			case "invalid_id_token" -> idTokenProblem(description);
			case "access_denied", "consent_required", "interaction_required", "login_required", "unauthorized_client",
					"invalid_client", "invalid_request", "invalid_scope", "server_error", "temporarily_unavailable" ->
				"cancelled";
			default -> "failed";
		};
	}

	private static String idTokenProblem(String description) {
		if (description.contains("signature") || description.contains("no matching key")) {
			return "forged";
		}
		if (description.contains("tenant") || description.contains("issuer") || description.contains("iss=")
				|| description.contains("(tid)") || description.contains("(oid)")) {
			return "wrong-tenant";
		}
		if (description.contains("exp=") || description.contains("expired") || description.contains("iat=")) {
			return "expired";
		}
		if (description.contains("aud=") || description.contains("azp=")) {
			return "not-for-us";
		}
		return "failed";
	}

}
