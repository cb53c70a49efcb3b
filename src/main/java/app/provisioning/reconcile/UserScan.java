package app.provisioning.reconcile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import app.provisioning.reconcile.graph.GraphClient;
import app.provisioning.reconcile.graph.GraphUserDocument;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads every user of the tenant, then the soft-deleted users, page by page into the run's
 * staging tables. Only what matching needs is kept (and the mapped attributes when present
 * users' fields are to be refreshed), so memory use does not grow with the tenant.
 */
@Component
class UserScan {

	private static final Logger log = LoggerFactory.getLogger(UserScan.class);

	private final GraphClient graph;

	private final JdbcTemplate jdbc;

	private final ReconcileRuns runs;

	UserScan(GraphClient graph, JdbcTemplate jdbc, ReconcileRuns runs) {
		this.graph = graph;
		this.jdbc = jdbc;
		this.runs = runs;
	}

	/** Thrown when what Graph answered would make the run deactivate everybody: it stops the run instead. */
	static class ImplausibleAnswer extends RuntimeException {

		ImplausibleAnswer(String message) {
			super(message);
		}

	}

	void users(RunContext run) {
		boolean keepDocuments = run.connection().refreshFields();
		long read = this.graph.forEachPage(run.credentials(),
				"/users?" + run.selection().query() + "&$top=" + this.graph.pageSize(), (page) -> {
					List<Object[]> rows = new ArrayList<>();
					for (JsonNode user : page) {
						String id = user.path("id").asText(null);
						if (id == null) {
							continue;
						}
						rows.add(new Object[] { run.runId(), id, lower(user.path("userPrincipalName").asText(null)),
								lower(user.path("mail").asText(null)), user.path("accountEnabled").asBoolean(true),
								keepDocuments ? GraphUserDocument.toScim(user).toString() : null });
					}
					this.jdbc.batchUpdate("INSERT INTO reconcile_seen (run_id, object_id, upn, mail, enabled, document)"
							+ " VALUES (?, ?, ?, ?, ?, cast(? AS jsonb)) ON CONFLICT DO NOTHING", rows);
					this.runs.heartbeat(run.runId());
				});
		log.info("Run {}: read {} users from Microsoft Graph", run.runId(), read);
		if (read == 0 && hasRecords(run)) {
			throw new ImplausibleAnswer("Microsoft Graph listed no users at all, while this account has records; the"
					+ " run stopped rather than deactivate everybody. Check that the app registration still has"
					+ " User.Read.All and that the tenant ID is right");
		}
	}

	void deleted(RunContext run) {
		long read = this.graph.forEachPage(run.credentials(),
				"/directory/deletedItems/microsoft.graph.user?$select=id,userPrincipalName,deletedDateTime&$top="
						+ this.graph.pageSize(),
				(page) -> {
					List<Object[]> rows = new ArrayList<>();
					for (JsonNode user : page) {
						String id = user.path("id").asText(null);
						if (id == null) {
							continue;
						}
						rows.add(new Object[] { run.runId(), id,
								lower(originalUpn(id, user.path("userPrincipalName").asText(null))),
								timestamp(user.path("deletedDateTime").asText(null)) });
					}
					this.jdbc.batchUpdate("INSERT INTO reconcile_deleted (run_id, object_id, upn, deleted_at)"
							+ " VALUES (?, ?, ?, cast(? AS timestamptz)) ON CONFLICT DO NOTHING", rows);
					this.runs.heartbeat(run.runId());
				});
		log.info("Run {}: read {} deleted users from Microsoft Graph", run.runId(), read);
	}

	private boolean hasRecords(RunContext run) {
		return Boolean.TRUE.equals(this.jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM person WHERE account_id = ?)"
				+ " OR EXISTS (SELECT 1 FROM login_user WHERE account_id = ?)", Boolean.class, run.accountId(),
				run.accountId()));
	}

	/** Entra renames a deleted user to its object ID (without dashes) followed by the original name. */
	static String originalUpn(String objectId, String upn) {
		if (upn == null) {
			return null;
		}
		String prefix = objectId.replace("-", "");
		return upn.regionMatches(true, 0, prefix, 0, prefix.length()) ? upn.substring(prefix.length()) : upn;
	}

	private static String lower(String value) {
		return (value != null) ? value.toLowerCase(Locale.ROOT) : null;
	}

	private static String timestamp(String value) {
		return (value != null && !value.isBlank()) ? value : null;
	}

}
