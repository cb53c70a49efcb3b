package app.provisioning.directory;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.zaxxer.hikari.HikariDataSource;

import app.provisioning.scim.query.FilterReader;
import app.provisioning.support.PlanCaching;
import app.provisioning.support.ScimIntegrationTest;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.support.SqlArrayValue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every lookup by a key (Entra's probes, reads and locks by id, member checks) must be
 * answered through the key's own index whatever PostgreSQL's statistics say. Each state
 * of the statistics gets a schema of its own, built by the real migrations, holding an
 * account of 30,000 users and 3,000 groups; the plan of the very statement the store
 * sends must use the key's index and no other index of the table.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FilterIndexUsageTest extends ScimIntegrationTest {

	private static final int USERS = 30_000;

	private static final int GROUPS = 3_000;

	private static final UUID ACCOUNT = UUID.fromString("00000000-0000-0000-0000-00000000a001");

	private static final UUID OTHER_ACCOUNT = UUID.fromString("00000000-0000-0000-0000-00000000a002");

	/**
	 * The states of the planner's statistics in which a new customer's first cycle can
	 * find the tables.
	 */
	enum Statistics {

		/** Filled in minutes, before autovacuum's first analyze. */
		NONE,

		/** Analyzed when the account had 100 users, then grown to 30,000. */
		FROM_SMALL_TABLE,

		/**
		 * Analyzed when only another account had users: a new customer on a shared
		 * server.
		 */
		WITHOUT_THE_ACCOUNT,

		/** Analyzed after the account was filled. */
		FRESH;

		String schema() {
			return "plan_" + name().toLowerCase(Locale.ROOT);
		}

	}

	@Autowired
	private DataSource dataSource;

	private DriverManagerDataSource direct;

	private final Map<Statistics, List<String>> indexes = new java.util.EnumMap<>(Statistics.class);

	@BeforeAll
	void buildOneSchemaPerStatisticsState() throws java.sql.SQLException {
		HikariDataSource pool = this.dataSource.unwrap(HikariDataSource.class);
		this.direct = new DriverManagerDataSource(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword());
		for (Statistics statistics : Statistics.values()) {
			this.jdbcTemplate.execute("DROP SCHEMA IF EXISTS " + statistics.schema() + " CASCADE");
			Flyway.configure()
				.dataSource(this.direct)
				.schemas(statistics.schema())
				.locations("classpath:db/migration")
				.load()
				.migrate();
			inSchema(statistics, (jdbc) -> {
				fill(jdbc.getJdbcTemplate(), statistics);
				return null;
			});
		}
		Integer statisticsRows = inSchema(Statistics.NONE,
				(jdbc) -> jdbc.getJdbcTemplate()
					.queryForObject("SELECT count(*) FROM pg_stats WHERE schemaname = current_schema()"
							+ " AND tablename IN ('scim_user', 'scim_group')", Integer.class));
		assertThat(statisticsRows).as("the NONE schema has no statistics").isZero();
	}

	private void fill(JdbcTemplate jdbc, Statistics statistics) {
		for (String table : List.of("scim_user", "scim_group", "scim_group_member")) {
			jdbc.execute("ALTER TABLE " + table + " SET (autovacuum_enabled = false)");
		}
		jdbc.update("INSERT INTO account (id, name) VALUES (?, 'plan'), (?, 'plan other')", ACCOUNT, OTHER_ACCOUNT);
		switch (statistics) {
			case NONE -> addUsersAndGroups(jdbc, ACCOUNT, 1, USERS, GROUPS);
			case FROM_SMALL_TABLE -> {
				addUsersAndGroups(jdbc, ACCOUNT, 1, 100, 10);
				analyze(jdbc);
				addUsersAndGroups(jdbc, ACCOUNT, 101, USERS, GROUPS);
			}
			case WITHOUT_THE_ACCOUNT -> {
				addUsersAndGroups(jdbc, OTHER_ACCOUNT, 1, 3_000, 300);
				analyze(jdbc);
				addUsersAndGroups(jdbc, ACCOUNT, 1, USERS, GROUPS);
			}
			case FRESH -> {
				addUsersAndGroups(jdbc, ACCOUNT, 1, USERS, GROUPS);
				analyze(jdbc);
			}
		}
	}

	/**
	 * Only this schema's tables: a plain ANALYZE would give the NONE schema statistics
	 * too.
	 */
	private static void analyze(JdbcTemplate jdbc) {
		jdbc.execute("ANALYZE scim_user, scim_group, scim_group_member");
	}

	/**
	 * Users {@code from..to} and as many groups as asked, named like Entra's; deleted
	 * rows among them.
	 */
	private static void addUsersAndGroups(JdbcTemplate jdbc, UUID account, int from, int to, int groups) {
		String prefix = account.equals(ACCOUNT) ? "user" : "other";
		jdbc.update("INSERT INTO scim_user (id, account_id, user_name, external_id, display_name, active, email_values,"
				+ " attributes, version, created_at, last_modified, deleted_at) SELECT gen_random_uuid(), ?, ? || g"
				+ " || '@contoso.com', 'ext' || g, 'User ' || g, true, array[? || g || '@contoso.com'],"
				+ " jsonb_build_object('userName', ? || g || '@contoso.com'), 1,"
				+ " timestamptz '2020-01-01T00:00:00Z' + g * interval '1 minute',"
				+ " timestamptz '2020-01-01T00:00:00Z' + g * interval '1 minute',"
				+ " CASE WHEN g % 100 = 0 THEN now() END FROM generate_series(?, ?) g", account, prefix, prefix, prefix,
				from, to);
		jdbc.update(
				"INSERT INTO scim_group (id, account_id, display_name, external_id, attributes, version, created_at,"
						+ " last_modified) SELECT gen_random_uuid(), ?, ? || ' group ' || g || '-' || ?, 'gext' || g || '-' || ?,"
						+ " '{}', 1, now(), now() FROM generate_series(1, ?) g",
				account, prefix, from, from, groups);
		jdbc.update("INSERT INTO scim_group_member (group_id, member_id, member_type, account_id) SELECT g.id, u.id,"
				+ " 'User', g.account_id FROM (SELECT id, account_id FROM scim_group WHERE account_id = ? LIMIT 5) g"
				+ " CROSS JOIN (SELECT id FROM scim_user WHERE account_id = ? ORDER BY seq DESC LIMIT 200) u"
				+ " ON CONFLICT DO NOTHING", account, account);
	}

	/**
	 * One statement the store sends, and the indexes of its table(s) that may answer it.
	 */
	record Lookup(String name, Function<MapSqlParameterSource, String> statement, Set<String> allowed) {

		@Override
		public String toString() {
			return this.name;
		}

	}

	@Test
	void aMemberAddOfOneMemberIsPlannedOncePerConnection() {
		PlanCaching.Plans[] plans = inSchema(Statistics.FRESH,
				(jdbc) -> jdbc.getJdbcTemplate().execute((Connection c) -> {
					c.setAutoCommit(false);
					try {
						return new PlanCaching.Plans[] {
								PlanCaching.of(c, GroupMemberships.LOCK_EXISTING.one(), ACCOUNT, UUID.randomUUID(),
										ACCOUNT, UUID.randomUUID()),
								PlanCaching.of(c, GroupMemberships.LOCK_EXISTING.many(), ACCOUNT,
										new UUID[] { UUID.randomUUID() }, ACCOUNT, new UUID[] { UUID.randomUUID() }) };
					}
					finally {
						c.rollback();
					}
				}));
		assertThat(plans[0].generic()).as("one member: " + plans[0]).isPositive();
		// Why one member has a statement of its own: an array is planned every time.
		assertThat(plans[1].generic()).as("an array of members: " + plans[1]).isZero();
	}

	static Stream<Lookup> lookups() {
		String someone = UUID.randomUUID().toString();
		List<Lookup> lookups = new ArrayList<>();
		lookups.add(probe(DirectoryTable.USERS, "userName eq \"User4000@Contoso.com\"", "scim_user_user_name_uq"));
		lookups.add(probe(DirectoryTable.USERS, "userName eq \"new-hire@contoso.com\"", "scim_user_user_name_uq"));
		lookups.add(probe(DirectoryTable.USERS, "externalId eq \"ext4000\"", "scim_user_external_id_idx"));
		lookups.add(probe(DirectoryTable.USERS, "emails[type eq \"work\"].value eq \"user4000@contoso.com\"",
				"scim_user_email_values_idx"));
		lookups
			.add(probe(DirectoryTable.USERS, "emails.value eq \"user4000@contoso.com\"", "scim_user_email_values_idx"));
		lookups.add(
				probe(DirectoryTable.USERS, "emails[value eq \"user4000@contoso.com\"]", "scim_user_email_values_idx"));
		lookups.add(probe(DirectoryTable.USERS, "id eq \"" + someone + "\"", "scim_user_pkey"));
		lookups.add(probe(DirectoryTable.USERS,
				"id eq \"" + someone + "\" and manager eq \"" + UUID.randomUUID() + "\"", "scim_user_pkey"));
		lookups.add(probe(DirectoryTable.USERS, "userName eq \"user4000@contoso.com\" and externalId eq \"ext4000\"",
				"scim_user_user_name_uq", "scim_user_external_id_idx"));
		lookups.add(probe(DirectoryTable.GROUPS, "displayName eq \"User Group 7-1\"", "scim_group_display_name_uq"));
		lookups.add(probe(DirectoryTable.GROUPS, "externalId eq \"gext7-1\"", "scim_group_external_id_idx"));
		lookups.add(probe(DirectoryTable.GROUPS,
				"id eq \"" + someone + "\" and members[value eq \"" + UUID.randomUUID() + "\"]", "scim_group_pkey"));
		lookups.add(new Lookup("GET /Users/{id}", (parameters) -> {
			parameters.addValue("id", UUID.randomUUID());
			return StoredRows.byIdStatement(DirectoryTable.USERS, "");
		}, Set.of("scim_user_pkey")));
		lookups.add(new Lookup("PATCH /Groups/{id} locks the group", (parameters) -> {
			parameters.addValue("id", UUID.randomUUID());
			return StoredRows.byIdStatement(DirectoryTable.GROUPS, " FOR UPDATE");
		}, Set.of("scim_group_pkey")));
		lookups.add(new Lookup("member Add checks its members", (parameters) -> {
			parameters.addValue("ids", new SqlArrayValue("uuid", UUID.randomUUID(), UUID.randomUUID()));
			return GroupMemberships.LOCK_EXISTING.many();
		}, Set.of("scim_user_pkey", "scim_group_pkey")));
		lookups.add(new Lookup("member Add checks its one member", (parameters) -> {
			parameters.addValue("ids", UUID.randomUUID());
			return GroupMemberships.LOCK_EXISTING.one();
		}, Set.of("scim_user_pkey", "scim_group_pkey")));
		return lookups.stream();
	}

	private static Lookup probe(DirectoryTable table, String filter, String... allowed) {
		return new Lookup(table.type().name() + "?filter=" + filter, (parameters) -> {
			try {
				String where = new SqlFilterTranslator(table, parameters).where(FilterReader.read(filter)).sql();
				parameters.addValue("limit", 100);
				return DirectorySearch.searchStatement(table, where) + DirectorySearch.PROBE_ORDER;
			}
			catch (BadRequestException ex) {
				throw new IllegalArgumentException(ex);
			}
		}, Set.of(allowed));
	}

	static Stream<Arguments> lookupsInEveryState() {
		return Stream.of(Statistics.values())
			.flatMap((statistics) -> lookups().map((lookup) -> Arguments.of(statistics, lookup)));
	}

	@ParameterizedTest(name = "statistics {0}: {1}")
	@MethodSource("lookupsInEveryState")
	void keyLookupUsesItsOwnIndex(Statistics statistics, Lookup lookup) {
		MapSqlParameterSource parameters = new MapSqlParameterSource("account", ACCOUNT);
		String sql = lookup.statement().apply(parameters);
		String plan = explain(statistics, sql, parameters);
		List<String> used = indexesOfTheTables(statistics).stream().filter(plan::contains).toList();
		assertThat(used).as(sql + "\n" + plan).isNotEmpty().allMatch(lookup.allowed()::contains);
		assertThat(plan).as(sql).doesNotContain("Seq Scan on scim_user").doesNotContain("Seq Scan on scim_group ");
	}

	/**
	 * Lists are served by the partial indexes in the account's order once statistics
	 * exist.
	 */
	@ParameterizedTest(name = "{1} uses {2}")
	@MethodSource("listFilters")
	void listFilterWithStatisticsUsesItsIndex(DirectoryTable table, String filter, String index)
			throws BadRequestException {
		MapSqlParameterSource parameters = new MapSqlParameterSource("account", ACCOUNT);
		String where = new SqlFilterTranslator(table, parameters).where(FilterReader.read(filter)).sql();
		String plan = explain(Statistics.FRESH, DirectorySearch.searchStatement(table, where), parameters);
		assertThat(plan).as(where).contains(index).doesNotContain("Seq Scan");
	}

	static Stream<Arguments> listFilters() {
		return Stream.of(
				Arguments.of(DirectoryTable.USERS, "meta.lastModified lt \"2020-01-01T05:00:00Z\"",
						"scim_user_last_modified_idx"),
				Arguments.of(DirectoryTable.GROUPS, "meta.lastModified gt \"2999-01-01T00:00:00Z\"",
						"scim_group_last_modified_idx"));
	}

	private String explain(Statistics statistics, String sql, MapSqlParameterSource parameters) {
		return inSchema(statistics,
				(jdbc) -> String.join("\n", jdbc.queryForList("EXPLAIN " + sql, parameters, String.class)));
	}

	private List<String> indexesOfTheTables(Statistics statistics) {
		return this.indexes
			.computeIfAbsent(
					statistics, (
							state) -> inSchema(state,
									(jdbc) -> jdbc.getJdbcTemplate()
										.queryForList(
												"SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
														+ " AND tablename IN ('scim_user', 'scim_group')",
												String.class)));
	}

	/**
	 * Runs {@code work} on a connection of its own whose tables are those of the state's
	 * schema.
	 */
	private <T> T inSchema(Statistics statistics, Function<NamedParameterJdbcTemplate, T> work) {
		SingleConnectionDataSource connection = new SingleConnectionDataSource(this.direct.getUrl(),
				this.direct.getUsername(), this.direct.getPassword(), true);
		try {
			NamedParameterJdbcTemplate jdbc = new NamedParameterJdbcTemplate(connection);
			jdbc.getJdbcTemplate().execute("SET search_path TO " + statistics.schema());
			return work.apply(jdbc);
		}
		finally {
			connection.destroy();
		}
	}

}
