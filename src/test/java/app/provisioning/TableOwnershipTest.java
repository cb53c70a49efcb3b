package app.provisioning;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
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
 * Each table belongs to one feature: SQL in another feature's code may not name it. What
 * another feature may read is published by the owner as a view (migration V29,
 * {@code published_…}), which others may read from but never write through
 * (docs/architecture.md, "Tables"). A table name built at run time counts too: a literal
 * that is exactly another feature's table name fails.
 */
class TableOwnershipTest {

	private static final Path SOURCES = Path.of("src", "main", "java", "app", "provisioning");

	private static final Path MIGRATIONS = Path.of("src", "main", "resources", "db", "migration");

	private static final Map<String, String> OWNER = owners();

	private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

	private static final Pattern TABLE = Pattern
		.compile("(?i)\\b(from|join|into|(?<!for\\s)update|delete\\s+from|table|view)\\s+([a-z_][a-z0-9_]*)");

	private static Map<String, String> owners() {
		Map<String, String> owners = new HashMap<>();
		Map.of("account",
				List.of("account", "scim_credential", "admin_key", "oauth_client", "signing_key", "account_member",
						"account_api_key", "account_sign_in_rule", "console_sign_out", "scim_traffic",
						"scim_last_request", "scim_rate_bucket"),
				"directory",
				List.of("scim_user", "scim_group", "scim_group_member", "published_scim_user",
						"published_group_member"),
				"logins",
				List.of("permission_level", "group_permission_level", "published_permission_level",
						"published_group_permission_level"),
				"mapping",
				List.of("field_map", "mapping_job", "person", "login_user", "record_event", "feed_sequence",
						"feed_horizon", "deactivation_brake", "deactivation_admission", "held_deactivation",
						"published_person", "published_login_user", "published_field_map"),
				"synclog", List.of("sync_log"), "reconcile",
				List.of("graph_connection", "entra_group_selection", "reconcile_run", "reconcile_seen",
						"reconcile_deleted", "reconcile_import"),
				"webhooks", List.of("webhook_endpoint", "webhook_delivery", "webhook_attempt"), "platform",
				List.of("scheduled_tasks"), "audit", List.of("audit_event"), "health",
				List.of("alert_settings", "alert", "alert_mail"))
			.forEach((feature, tables) -> tables.forEach((table) -> owners.put(table, feature)));
		return owners;
	}

	/**
	 * Table names that are also ordinary words of the code (model attributes, JSON keys),
	 * so a literal of one alone says nothing.
	 */
	private static final Set<String> WORDS = Set.of("account", "alert");

	private static boolean published(String name) {
		return name.startsWith("published_");
	}

	@Test
	void sqlNamesOnlyTheFeaturesOwnTablesAndReadsOnlyPublishedViewsOfOthers() throws IOException {
		List<String> foreign = new ArrayList<>();
		try (Stream<Path> files = Files.walk(SOURCES)) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".java")).toList()) {
				String feature = SOURCES.relativize(file).getName(0).toString();
				StringBuilder sql = new StringBuilder();
				Matcher literal = LITERAL.matcher(Files.readString(file));
				while (literal.find()) {
					String text = literal.group(1);
					String owner = OWNER.get(text.toLowerCase(Locale.ROOT));
					if (owner != null && !owner.equals(feature) && !published(text) && !WORDS.contains(text)) {
						foreign.add(SOURCES.relativize(file) + " spells out the table name \"" + text + "\" (owned by "
								+ owner + ")");
					}
					sql.append(text).append(' ');
				}
				Matcher table = TABLE.matcher(sql);
				while (table.find()) {
					String keyword = table.group(1).toLowerCase(Locale.ROOT);
					String name = table.group(2).toLowerCase(Locale.ROOT);
					String owner = OWNER.get(name);
					if (owner == null || owner.equals(feature)) {
						continue;
					}
					boolean reading = keyword.equals("from") || keyword.equals("join");
					if (!(published(name) && reading)) {
						foreign.add(SOURCES.relativize(file) + " names " + name + " after " + keyword + " (owned by "
								+ owner + ")");
					}
				}
			}
		}
		assertThat(foreign).as("SQL naming another feature's table, or writing to its view").isEmpty();
	}

	@Test
	void everyTableAndViewOfTheMigrationsHasAnOwner() throws IOException {
		Set<String> created = new TreeSet<>();
		Pattern create = Pattern
			.compile("(?i)create (?:or replace )?(?:table|view)\\s+(?:if not exists\\s+)?([a-z_][a-z0-9_]*)");
		try (Stream<Path> files = Files.list(MIGRATIONS)) {
			for (Path file : files.toList()) {
				Matcher matcher = create.matcher(Files.readString(file));
				while (matcher.find()) {
					created.add(matcher.group(1).toLowerCase(Locale.ROOT));
				}
			}
		}
		assertThat(OWNER.keySet()).containsAll(created);
	}

	@Test
	void aPublishedViewReadsOnlyItsOwnersTables() throws IOException {
		Pattern view = Pattern.compile("(?is)create view\\s+([a-z_][a-z0-9_]*)\\s+as(.*?);");
		Pattern source = Pattern.compile("(?i)\\b(?:from|join)\\s+([a-z_][a-z0-9_]*)");
		List<String> crossing = new ArrayList<>();
		try (Stream<Path> files = Files.list(MIGRATIONS)) {
			for (Path file : files.toList()) {
				Matcher matcher = view.matcher(Files.readString(file));
				while (matcher.find()) {
					String owner = OWNER.get(matcher.group(1).toLowerCase(Locale.ROOT));
					Matcher from = source.matcher(matcher.group(2));
					while (from.find()) {
						String table = from.group(1).toLowerCase(Locale.ROOT);
						if (!owner.equals(OWNER.get(table))) {
							crossing.add(matcher.group(1) + " reads " + table);
						}
					}
				}
			}
		}
		assertThat(crossing).as("a view joining another feature's tables hides a cross-feature read").isEmpty();
	}

}
