package app.provisioning.reconcile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import app.provisioning.reconcile.graph.GraphClient;
import app.provisioning.reconcile.graph.GraphException;
import app.provisioning.reconcile.graph.GraphUserDocument;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads every user of the tenant, then the soft-deleted users, page by page into the
 * run's staging tables. Only what matching needs is kept (and the mapped attributes when
 * present users' fields are to be refreshed), so memory use does not grow with the
 * tenant.
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

	/**
	 * Thrown when what Graph answered would make the run deactivate everybody: it stops
	 * the run instead.
	 */
	static class ImplausibleAnswer extends RuntimeException {

		ImplausibleAnswer(String message) {
			super(message);
		}

	}

	/**
	 * Graph no longer knows the delta link's sync state: the run has to read the whole
	 * tenant.
	 */
	static class DeltaExpired extends RuntimeException {

		DeltaExpired(String message, Throwable cause) {
			super(message, cause);
		}

	}

	/**
	 * Every user, through the initial round of a delta query, so that the run ends with
	 * the delta link the next runs start from.
	 */
	void users(RunContext run) {
		boolean keepDocuments = run.connection().refreshFields();
		GraphClient.Listing listing = this.graph.forEachPage(run.credentials(),
				"/users/delta?" + run.selection().query(), (page) -> {
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
					stageSeen(rows);
					this.runs.heartbeat(run.runId());
				});
		long read = listing.items();
		this.runs.deltaLink(run.runId(), requireDeltaLink(listing));
		log.info("Run {}: read {} users from Microsoft Graph", run.runId(), read);
		if (read == 0 && hasRecords(run)) {
			throw new ImplausibleAnswer("Microsoft Graph listed no users at all, while this account has records; the"
					+ " run stopped rather than deactivate everybody. Check that the app registration still has"
					+ " User.Read.All and that the tenant ID is right");
		}
	}

	/**
	 * Only what changed since the last run: changed users (read in full when their fields
	 * are to be refreshed, since a change lists only some properties) and removed ones,
	 * soft-deleted ({@code changed}) or gone for good ({@code deleted}).
	 */
	void changes(RunContext run) {
		String link = run.connection().usersDeltaLink();
		boolean keepDocuments = run.connection().refreshFields();
		GraphClient.Listing listing;
		try {
			listing = this.graph.forEachPageFrom(run.credentials(), link, (page) -> {
				List<Object[]> seen = new ArrayList<>();
				List<Object[]> removed = new ArrayList<>();
				for (JsonNode user : page) {
					String id = user.path("id").asText(null);
					if (id == null) {
						continue;
					}
					if (user.has("@removed")) {
						boolean gone = "deleted".equals(user.path("@removed").path("reason").asText());
						removed.add(new Object[] { run.runId(), id, null, null, gone });
						continue;
					}
					JsonNode enabled = user.get("accountEnabled");
					String document = null;
					if (keepDocuments) {
						JsonNode full = fullUser(run, id);
						if (full == null) {
							// removed since this round was recorded: the next round
							// reports it
							continue;
						}
						enabled = full.get("accountEnabled");
						document = GraphUserDocument.toScim(full).toString();
					}
					seen.add(new Object[] { run.runId(), id, lower(user.path("userPrincipalName").asText(null)),
							lower(user.path("mail").asText(null)), (enabled != null) ? enabled.asBoolean(true) : null,
							document });
				}
				stageSeen(seen);
				this.jdbc.batchUpdate("INSERT INTO reconcile_deleted (run_id, object_id, upn, deleted_at, gone)"
						+ " VALUES (?, ?, ?, cast(? AS timestamptz), ?) ON CONFLICT DO NOTHING", removed);
				this.runs.heartbeat(run.runId());
			});
		}
		catch (GraphException ex) {
			String code = String.valueOf(ex.code()).toLowerCase(Locale.ROOT);
			if (ex.status() == 410 || code.contains("syncstate") || code.contains("resync")) {
				throw new DeltaExpired("Microsoft Graph no longer knows the last run's delta token (" + ex.code() + ")",
						ex);
			}
			throw ex;
		}
		this.runs.deltaLink(run.runId(), requireDeltaLink(listing));
		log.info("Run {}: {} users changed in Microsoft Graph since the last run", run.runId(), listing.items());
	}

	private JsonNode fullUser(RunContext run, String id) {
		try {
			return this.graph.get(run.credentials(), "/users/" + id + "?" + run.selection().query());
		}
		catch (GraphException ex) {
			if (ex.status() == 404) {
				return null;
			}
			throw ex;
		}
	}

	/**
	 * A delta round ends with a delta link; without one the round was cut short
	 * somewhere.
	 */
	private static String requireDeltaLink(GraphClient.Listing listing) {
		if (listing.deltaLink() == null) {
			throw new GraphException(0, null, "Microsoft Graph's delta round ended without a delta link");
		}
		return listing.deltaLink();
	}

	private void stageSeen(List<Object[]> rows) {
		this.jdbc.batchUpdate("INSERT INTO reconcile_seen (run_id, object_id, upn, mail, enabled, document)"
				+ " VALUES (?, ?, ?, ?, ?, cast(? AS jsonb)) ON CONFLICT DO NOTHING", rows);
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
				})
			.items();
		log.info("Run {}: read {} deleted users from Microsoft Graph", run.runId(), read);
	}

	private boolean hasRecords(RunContext run) {
		return Boolean.TRUE.equals(this.jdbc.queryForObject(
				"SELECT EXISTS (SELECT 1 FROM published_person WHERE account_id = ?)"
						+ " OR EXISTS (SELECT 1 FROM published_login_user WHERE account_id = ?)",
				Boolean.class, run.accountId(), run.accountId()));
	}

	/**
	 * Entra renames a deleted user to its object ID (without dashes) followed by the
	 * original name.
	 */
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
