package app.provisioning.reconcile;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import app.provisioning.platform.Problem;
import app.provisioning.platform.Refusal;
import app.provisioning.reconcile.graph.GraphCredentials;

import org.springframework.stereotype.Service;

/**
 * "Test Connection": tests the saved connection or settings not saved yet, and answers
 * with one precise outcome an administrator can act on. The probes are
 * {@link GraphProbes}'s, their wording {@link OutcomeMessages}'s.
 */
@Service
public class ConnectionTest {

	private static final Logger log = LoggerFactory.getLogger(ConnectionTest.class);

	public enum Outcome {

		CONNECTED, NOT_CONFIGURED, BAD_TENANT, BAD_CLIENT_ID, BAD_SECRET, EXPIRED_SECRET, MISSING_PERMISSION,
		BAD_APPLICATION_OBJECT_ID, NETWORK_ERROR, GRAPH_ERROR

	}

	/** One thing tried, and what came of it. */
	public record Check(String name, boolean ok, String detail) {
	}

	public record Result(boolean ok, Outcome outcome, String message, List<String> grantedPermissions,
			List<String> missingPermissions, List<Check> checks, List<String> warnings, String applicationName,
			Instant clientSecretExpiresAt, Instant checkedAt) {
	}

	private final GraphConnections connections;

	private final GraphProbes probes;

	private final OutcomeMessages messages;

	private final LastTestResults lastResults;

	ConnectionTest(GraphConnections connections, GraphProbes probes, OutcomeMessages messages,
			LastTestResults lastResults) {
		this.connections = connections;
		this.probes = probes;
		this.messages = messages;
		this.lastResults = lastResults;
	}

	/**
	 * Tests the saved connection, or {@code draft} settings before they are saved (a
	 * blank secret in the draft means the saved one). The result of testing saved
	 * settings is kept.
	 */
	public Result test(UUID accountId, ConnectionSettings draft) {
		Optional<GraphConnection> saved = this.connections.find(accountId);
		ConnectionSettings settings = draft;
		if (draft == null) {
			if (saved.isEmpty()) {
				return this.messages.notConfigured();
			}
			settings = new ConnectionSettings(saved.get().tenantId(), saved.get().clientId(), null,
					saved.get().applicationObjectId());
		}
		boolean secretStored = saved.isPresent() && saved.get().clientSecretSet();
		List<Problem> problems = settings.problems(secretStored);
		if (!problems.isEmpty()) {
			throw Refusal.invalid(problems);
		}
		String secret = (settings.givenSecret() != null) ? settings.givenSecret()
				: this.connections.clientSecret(accountId);
		Result result = this.probes.run(
				new GraphCredentials(settings.tenantId().trim(), settings.clientId().trim(), secret),
				settings.givenObjectId(), GraphConnections.hint(secret));
		log.info("Test connection for account {}: {} ({})", accountId, result.outcome(), result.message());
		// A draft's result would describe settings that were never saved.
		if (draft == null) {
			this.lastResults.record(accountId, result);
		}
		return result;
	}

}
