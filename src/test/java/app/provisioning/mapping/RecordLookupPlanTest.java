package app.provisioning.mapping;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import app.provisioning.support.PlanCaching;
import app.provisioning.support.ScimIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every SCIM write that a field map turns into a record looks the record up by a key;
 * each lookup must go through that key's own index whatever the planner's statistics say,
 * and with the generic plan a prepared statement gets after five runs as well as with a
 * custom one. An account of 3,000 records is written and looked up in one transaction
 * that is rolled back.
 */
class RecordLookupPlanTest extends ScimIntegrationTest {

	private static final int RECORDS = 3_000;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	private TransactionTemplate transactions;

	@Autowired
	private DataSource dataSource;

	@ParameterizedTest(name = "{0}, statistics taken {1}")
	@CsvSource({ "person, when only another account had records", "person, after the account was filled",
			"login_user, when only another account had records", "login_user, after the account was filled" })
	void eachKeyIsLookedUpThroughItsOwnIndex(String table, String statistics) {
		List<String> problems = this.transactions.execute((status) -> {
			status.setRollbackOnly();
			UUID account = UUID.randomUUID();
			UUID map = UUID.randomUUID();
			fillAccount(table, statistics, account, map);
			List<String> found = new ArrayList<>();
			String[] values = { "'User77@Contoso.com'", "'" + UUID.randomUUID() + "'", "'object-77'" };
			String[] indexes = { table + "_key_uq", table + "_scim_user_idx", table + "_entra_object_idx" };
			for (String mode : new String[] { "force_generic_plan", "force_custom_plan" }) {
				this.jdbcTemplate.execute("SET LOCAL plan_cache_mode = " + mode);
				for (int key = 0; key < RecordTable.KEYS.size(); key++) {
					String name = "lookup_" + key + "_" + mode.charAt(6);
					this.jdbcTemplate.execute("PREPARE " + name + " AS "
							+ numbered(RecordTable.lookup(table, RecordTable.KEYS.get(key))));
					JsonNode plan = JSON.readTree(
							this.jdbcTemplate.queryForObject("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)" + " EXECUTE "
									+ name + "(" + values[key] + ", '" + account + "', '" + map + "')", String.class))
						.get(0)
						.path("Plan");
					this.jdbcTemplate.execute("DEALLOCATE " + name);
					List<String> used = plan.findValuesAsString("Index Name");
					long pages = plan.path("Shared Hit Blocks").asLong() + plan.path("Shared Read Blocks").asLong();
					if (!used.equals(List.of(indexes[key])) || pages > 20) {
						found.add(mode + ", " + RecordTable.KEYS.get(key) + ": indexes " + used + ", " + pages
								+ " pages");
					}
				}
			}
			return found;
		});
		assertThat(problems).isEmpty();
	}

	// An account of RECORDS records, and the planner's statistics taken as the test
	// names.
	private void fillAccount(String table, String statistics, UUID account, UUID map) {
		this.jdbcTemplate.update("INSERT INTO account (id, name) VALUES (?, 'lookup plans')", account);
		this.jdbcTemplate.update("INSERT INTO field_map (id, account_id, name, target, unique_identifier, fields,"
				+ " created_at, updated_at) VALUES (?, ?, 'plans', ?, 'user_principal_name', '[]', now(), now())", map,
				account, table.equals("person") ? "people" : "user_configuration");
		boolean before = statistics.startsWith("when only another");
		if (before) {
			// A new customer on a shared server: the statistics know other accounts only.
			UUID other = UUID.randomUUID();
			UUID otherMap = UUID.randomUUID();
			this.jdbcTemplate.update("INSERT INTO account (id, name) VALUES (?, 'other')", other);
			this.jdbcTemplate.update("INSERT INTO field_map (id, account_id, name, target, unique_identifier, fields,"
					+ " created_at, updated_at) SELECT ?, ?, name, target, unique_identifier, fields, now(), now()"
					+ " FROM field_map WHERE id = ?", otherMap, other, map);
			fill(table, other, otherMap, 100);
			this.jdbcTemplate.execute("ANALYZE " + table);
		}
		fill(table, account, map, RECORDS);
		if (!before) {
			this.jdbcTemplate.execute("ANALYZE " + table);
		}
	}

	@ParameterizedTest(name = "statistics taken {0}")
	@ValueSource(strings = { "when only another account had records", "after the account was filled" })
	void aGroupChangeFindsItsMembersLoginUsersThroughTheirScimUsers(String statistics) {
		List<String> problems = this.transactions.execute((status) -> {
			status.setRollbackOnly();
			UUID account = UUID.randomUUID();
			fillAccount("login_user", statistics, account, UUID.randomUUID());
			List<String> found = new ArrayList<>();
			Map<String, String> forms = Map.of(LoginPermissions.LOGINS_OF_USERS.one(),
					"'" + UUID.randomUUID() + "'::uuid", LoginPermissions.LOGINS_OF_USERS.many(),
					"ARRAY['" + UUID.randomUUID() + "'::uuid, '" + UUID.randomUUID() + "'::uuid]");
			for (String mode : new String[] { "force_generic_plan", "force_custom_plan" }) {
				for (Map.Entry<String, String> form : forms.entrySet()) {
					this.jdbcTemplate.execute("SET LOCAL plan_cache_mode = " + mode);
					this.jdbcTemplate.execute("PREPARE logins_of_users AS " + numbered(form.getKey()));
					JsonNode plan = JSON.readTree(this.jdbcTemplate
						.queryForObject("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE logins_of_users("
								+ form.getValue() + ", '" + account + "')", String.class))
						.get(0)
						.path("Plan");
					this.jdbcTemplate.execute("DEALLOCATE logins_of_users");
					List<String> used = plan.findValuesAsString("Index Name");
					long pages = plan.path("Shared Hit Blocks").asLong() + plan.path("Shared Read Blocks").asLong();
					if (!used.equals(List.of("login_user_scim_user_idx")) || pages > 20) {
						found.add(mode + ", " + form.getValue() + ": indexes " + used + ", " + pages + " pages");
					}
				}
			}
			return found;
		});
		assertThat(problems).isEmpty();
	}

	@ParameterizedTest(name = "{0} login users")
	@ValueSource(ints = { 0, RECORDS })
	void aGroupChangeOfOneMemberIsPlannedOncePerConnection(int logins) {
		PlanCaching.Plans[] plans = this.transactions.execute((status) -> {
			status.setRollbackOnly();
			UUID account = UUID.randomUUID();
			if (logins > 0) {
				fillAccount("login_user", "after the account was filled", account, UUID.randomUUID());
			}
			UUID member = UUID.randomUUID();
			Connection connection = DataSourceUtils.getConnection(this.dataSource);
			try {
				return new PlanCaching.Plans[] {
						PlanCaching.of(connection, LoginPermissions.LOGINS_OF_USERS.one(), member, account),
						PlanCaching.of(connection, LoginPermissions.BEST_LEVELS.one(), account, member) };
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
		});
		assertThat(plans[0].generic()).as("one member's logins: " + plans[0]).isPositive();
		assertThat(plans[1].generic()).as("one member's levels: " + plans[1]).isPositive();
	}

	private void fill(String table, UUID account, UUID map, int records) {
		this.jdbcTemplate.update("INSERT INTO " + table + " (id, account_id, field_map_id, unique_key, scim_user_id,"
				+ " entra_object_id, fields, status, integration_status, integration_at, created_at, updated_at)"
				+ " SELECT gen_random_uuid(), ?, ?, 'user' || g || '@contoso.com', gen_random_uuid(), 'object-' || g,"
				+ " '{}', 'active', 'provisioned', now(), now(), now() FROM generate_series(1, ?) g", account, map,
				records);
	}

	/** The JDBC placeholders as PostgreSQL's numbered parameters, for PREPARE. */
	private static String numbered(String sql) {
		StringBuilder out = new StringBuilder();
		int n = 0;
		for (char c : sql.toCharArray()) {
			if (c == '?') {
				out.append('$').append(++n);
			}
			else {
				out.append(c);
			}
		}
		return out.toString();
	}

}
