package app.provisioning.reconcile;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import app.provisioning.reconcile.ConnectionTest.Check;
import app.provisioning.reconcile.ConnectionTest.Outcome;
import app.provisioning.reconcile.ConnectionTest.Result;
import app.provisioning.reconcile.graph.GraphCredentials;
import app.provisioning.reconcile.graph.GraphException;

import org.springframework.stereotype.Component;

/**
 * Words each outcome of the connection test as one message an administrator can act on:
 * which field of the app registration is wrong, or what to grant, and where in the Azure
 * portal.
 */
@Component
class OutcomeMessages {

	private final Clock clock;

	OutcomeMessages(Clock clock) {
		this.clock = clock;
	}

	Result notConfigured() {
		return result(Outcome.NOT_CONFIGURED,
				"No Entra connection is saved for this account yet: enter the tenant"
						+ " ID, client ID, client secret and application object ID",
				List.of(), List.of(), List.of(), List.of(), null, null);
	}

	/**
	 * The identity platform refused the sign-in: its AADSTS code tells which field is
	 * wrong.
	 */
	Result signInFailed(GraphCredentials credentials, GraphException ex) {
		String code = String.valueOf(ex.code());
		Outcome outcome;
		String message;
		if (ex.unreachable()) {
			outcome = Outcome.NETWORK_ERROR;
			message = ex.getMessage() + ". Check that this server can reach the Microsoft identity platform"
					+ " (outbound HTTPS, proxy, DNS)";
		}
		else if (code.equals("AADSTS90002") || code.equals("AADSTS900023") || code.equals("AADSTS90013")
				|| code.equals("AADSTS900021")) {
			outcome = Outcome.BAD_TENANT;
			message = "Tenant '" + credentials.tenantId()
					+ "' was not found: use the Directory (tenant) ID from the app" + " registration's Overview page ("
					+ code + ")";
		}
		else if (code.equals("AADSTS700016")) {
			outcome = Outcome.BAD_CLIENT_ID;
			message = "No application with client ID " + credentials.clientId() + " exists in tenant "
					+ credentials.tenantId() + ": use the Application (client) ID from the app registration's Overview"
					+ " page, and check the app was registered in this tenant (" + code + ")";
		}
		else if (code.equals("AADSTS7000222")) {
			outcome = Outcome.EXPIRED_SECRET;
			message = "The client secret has expired: add a new one under Certificates & secrets and save its Value"
					+ " here (" + code + ")";
		}
		else if (code.equals("AADSTS7000215") || code.equals("AADSTS7000218") || code.equals("invalid_client")) {
			outcome = Outcome.BAD_SECRET;
			message = "The client secret is wrong: paste the secret's Value (not its Secret ID) from Certificates &"
					+ " secrets (" + code + ")";
		}
		else {
			outcome = Outcome.GRAPH_ERROR;
			message = "The Microsoft identity platform refused to sign in: " + ex.getMessage();
		}
		return result(outcome, message, List.of(), List.of(), List.of(new Check("token", false, ex.getMessage())),
				List.of(), null, null);
	}

	/** Signed in, but the batch of probes got no answer at all. */
	Result graphUnanswered(GraphException ex, ProbeFindings findings) {
		Outcome outcome = ex.unreachable() ? Outcome.NETWORK_ERROR : Outcome.GRAPH_ERROR;
		return result(outcome,
				"Signed in, but Microsoft Graph "
						+ (ex.unreachable() ? "could not be reached: " : "refused the request: ") + ex.getMessage(),
				findings.grantedPermissions(), List.of(), findings.checks(), List.of(), null, null);
	}

	/**
	 * A token without any application permission means consent was never granted, which
	 * one button fixes for all of them.
	 */
	Result missingPermission(GraphCredentials credentials, ProbeFindings findings) {
		List<GraphPermission> missing = findings.missingPermissions();
		List<String> names = missing.stream().map(GraphPermission::permissionName).toList();
		String advice = missing.stream()
			.map((permission) -> permission.advice(credentials.tenantId()))
			.reduce((a, b) -> a + ". " + b)
			.orElse("");
		String consent = findings.grantedPermissions().isEmpty()
				? "The token carries no application permissions at all: admin consent" + " has not been granted. " : "";
		return result(Outcome.MISSING_PERMISSION,
				consent + "Missing permission " + String.join(", ", names) + ". " + advice,
				findings.grantedPermissions(), names, findings.checks(), findings.warnings(),
				findings.applicationName(), findings.clientSecretExpiresAt());
	}

	/** Some probes got no answer from Graph: nothing the administrator must change. */
	Result graphFailed(ProbeFindings findings) {
		return result(Outcome.GRAPH_ERROR,
				"Signed in, but Microsoft Graph did not answer for " + String.join(", ", findings.unanswered())
						+ " (throttled or unavailable); try again in a few minutes",
				findings.grantedPermissions(), List.of(), findings.checks(), findings.warnings(),
				findings.applicationName(), findings.clientSecretExpiresAt());
	}

	Result badObjectId(Check objectIdCheck, ProbeFindings findings) {
		return result(Outcome.BAD_APPLICATION_OBJECT_ID, objectIdCheck.detail(), findings.grantedPermissions(),
				List.of(), findings.checks(), findings.warnings(), findings.applicationName(),
				findings.clientSecretExpiresAt());
	}

	Result connected(GraphCredentials credentials, ProbeFindings findings) {
		return result(Outcome.CONNECTED,
				"Connected: the app registration can read users, deleted users and groups" + " in tenant "
						+ credentials.tenantId(),
				findings.grantedPermissions(), List.of(), findings.checks(), findings.warnings(),
				findings.applicationName(), findings.clientSecretExpiresAt());
	}

	private Result result(Outcome outcome, String message, List<String> roles, List<String> missing, List<Check> checks,
			List<String> warnings, String applicationName, Instant expires) {
		return new Result(outcome == Outcome.CONNECTED, outcome, message, List.copyOf(roles), List.copyOf(missing),
				List.copyOf(checks), List.copyOf(warnings), applicationName, expires, this.clock.instant());
	}

}
