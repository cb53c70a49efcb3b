package app.provisioning;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each table belongs to one feature: SQL in another feature's code may not name it,
 * except the accesses listed here, each with its reason (docs/architecture.md, "Tables").
 * A new one fails the build: go through the owner's API or its events instead, or list it
 * here with a reason a reviewer accepts.
 */
class TableOwnershipTest {

	private static final Path SOURCES = Path.of("src", "main", "java", "app", "provisioning");

	private static final Map<String, String> OWNER = owners();

	/** feature → tables of other features its SQL names today, and why. */
	private static final Map<String, Set<String>> KNOWN = Map.of(
			// the account must exist before its audit trail is read; audit cannot import
			// account
			"audit", Set.of("account"),
			// joins for the records' state during reconciliation, and a run's due
			// accounts
			"reconcile", Set.of("account", "person", "login_user", "scim_user", "field_map", "permission_level"),
			// a user's groups decide a login user's level
			"mapping", Set.of("scim_group_member", "permission_level", "group_permission_level"),
			// a person's timeline finds the user among the SCIM users
			"synclog", Set.of("scim_user"),
			// the timeline page looks a user up in both record tables
			"console", Set.of("person", "login_user"));

	private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

	private static final Pattern TABLE = Pattern
		.compile("(?i)\\b(?:from|join|into|(?<!for\\s)update|delete\\s+from|table)\\s+([a-z_][a-z0-9_]*)");

	private static Map<String, String> owners() {
		Map<String, String> owners = new java.util.HashMap<>();
		Map.of("account",
				List.of("account", "scim_credential", "admin_key", "oauth_client", "signing_key", "account_member",
						"account_api_key", "account_sign_in_rule", "console_sign_out", "scim_traffic",
						"scim_last_request", "scim_rate_bucket"),
				"directory", List.of("scim_user", "scim_group", "scim_group_member"), "logins",
				List.of("permission_level", "group_permission_level"), "mapping",
				List.of("field_map", "mapping_job", "person", "login_user", "record_event", "feed_sequence",
						"feed_horizon", "deactivation_brake", "deactivation_admission", "held_deactivation"),
				"synclog", List.of("sync_log"), "reconcile",
				List.of("graph_connection", "entra_group_selection", "reconcile_run", "reconcile_seen",
						"reconcile_deleted", "reconcile_import"),
				"webhooks", List.of("webhook_endpoint", "webhook_delivery", "webhook_attempt"), "platform",
				List.of("scheduled_tasks"), "audit", List.of("audit_event"), "health",
				List.of("alert_settings", "alert", "alert_mail"))
			.forEach((feature, tables) -> tables.forEach((table) -> owners.put(table, feature)));
		return owners;
	}

	@Test
	void sqlNamesOnlyTheFeaturesOwnTablesAndTheListedOnes() throws IOException {
		List<String> foreign = new ArrayList<>();
		Set<String> used = new TreeSet<>();
		try (Stream<Path> files = Files.walk(SOURCES)) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".java")).toList()) {
				String feature = SOURCES.relativize(file).getName(0).toString();
				StringBuilder sql = new StringBuilder();
				Matcher literal = LITERAL.matcher(Files.readString(file));
				while (literal.find()) {
					sql.append(literal.group(1)).append(' ');
				}
				Matcher table = TABLE.matcher(sql);
				while (table.find()) {
					String name = table.group(1).toLowerCase(Locale.ROOT);
					String owner = OWNER.get(name);
					if (owner == null || owner.equals(feature)) {
						continue;
					}
					if (KNOWN.getOrDefault(feature, Set.of()).contains(name)) {
						used.add(feature + " → " + name);
					}
					else {
						foreign.add(SOURCES.relativize(file) + " names " + name + " (owned by " + owner + ")");
					}
				}
			}
		}
		assertThat(foreign).as("SQL naming another feature's table").isEmpty();
		Set<String> listed = new TreeSet<>();
		KNOWN.forEach((feature, tables) -> tables.forEach((table) -> listed.add(feature + " → " + table)));
		assertThat(used).as("listed accesses no code makes any more: take them off the list").isEqualTo(listed);
	}

	@Test
	void everyTableOfTheMigrationsHasAnOwner() throws IOException {
		Set<String> created = new TreeSet<>();
		Pattern create = Pattern.compile("(?i)create table\\s+(?:if not exists\\s+)?([a-z_][a-z0-9_]*)");
		try (Stream<Path> files = Files.list(Path.of("src", "main", "resources", "db", "migration"))) {
			for (Path file : files.toList()) {
				Matcher matcher = create.matcher(Files.readString(file));
				while (matcher.find()) {
					created.add(matcher.group(1).toLowerCase(Locale.ROOT));
				}
			}
		}
		assertThat(OWNER.keySet()).containsAll(created);
	}

}
