package app.provisioning.directory;

import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import com.unboundid.scim2.common.exceptions.BadRequestException;

import app.provisioning.scim.query.FilterReader;
import app.provisioning.support.ScimIntegrationTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The filters Entra sends on every cycle must be index lookups, whatever the account size:
 * on an account of 30,000 users and 3,000 groups (statistics analysed), the plan of the SQL
 * the translator writes must use the index named.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FilterIndexUsageTest extends ScimIntegrationTest {

	private UUID account;

	@BeforeAll
	void seedALargeAccount() {
		this.account = this.accounts.createAccount("index-usage-" + UUID.randomUUID());
		this.jdbcTemplate.execute("insert into scim_user (id, account_id, user_name, external_id, active, email_values,"
				+ " attributes, version, created_at, last_modified) select gen_random_uuid(), '" + this.account
				+ "', 'user' || g || '@contoso.com', 'ext' || g, true, array['user' || g || '@contoso.com'],"
				+ " jsonb_build_object('userName', 'user' || g || '@contoso.com', 'emails',"
				+ " jsonb_build_array(jsonb_build_object('type', 'work', 'value', 'user' || g || '@contoso.com'))),"
				+ " 1, timestamptz '2020-01-01T00:00:00Z' + g * interval '1 minute',"
				+ " timestamptz '2020-01-01T00:00:00Z' + g * interval '1 minute' from generate_series(1, 30000) g");
		this.jdbcTemplate.execute("insert into scim_group (id, account_id, display_name, external_id, attributes, version,"
				+ " created_at, last_modified) select gen_random_uuid(), '" + this.account + "', 'group ' || g, 'gext' || g,"
				+ " jsonb_build_object('displayName', 'group ' || g), 1, now(), now() from generate_series(1, 3000) g");
		this.jdbcTemplate.execute("insert into scim_group_member (group_id, member_id, member_type, account_id)"
				+ " select g.id, u.id, 'User', g.account_id from (select id, account_id from scim_group where account_id = '"
				+ this.account + "' limit 20) g cross join (select id from scim_user where account_id = '" + this.account
				+ "' limit 500) u");
		this.jdbcTemplate.execute("analyze scim_user");
		this.jdbcTemplate.execute("analyze scim_group");
		this.jdbcTemplate.execute("analyze scim_group_member");
	}

	@Autowired
	private NamedParameterJdbcTemplate jdbc;

	static Stream<Arguments> entraFilters() {
		return Stream.of(Arguments.of(DirectoryTable.USERS, "userName eq \"Alice@Contoso.com\"", "scim_user_user_name_uq"),
				Arguments.of(DirectoryTable.USERS, "externalId eq \"alice\"", "scim_user_external_id_idx"),
				Arguments.of(DirectoryTable.USERS, "emails[type eq \"work\"].value eq \"alice@contoso.com\"",
						"scim_user_email_values_idx"),
				Arguments.of(DirectoryTable.USERS, "emails.value eq \"alice@contoso.com\"", "scim_user_email_values_idx"),
				Arguments.of(DirectoryTable.USERS, "id eq \"" + UUID.randomUUID() + "\"", "scim_user_pkey"),
				Arguments.of(DirectoryTable.USERS, "meta.lastModified lt \"2020-01-01T05:00:00Z\"",
						"scim_user_last_modified_idx"),
				Arguments.of(DirectoryTable.GROUPS, "displayName eq \"Sales\"", "scim_group_display_name_uq"),
				Arguments.of(DirectoryTable.GROUPS, "externalId eq \"8aa1a0c0\"", "scim_group_external_id_idx"),
				Arguments.of(DirectoryTable.GROUPS,
						"id eq \"" + UUID.randomUUID() + "\" and members[value eq \"" + UUID.randomUUID() + "\"]",
						"scim_group_pkey"));
	}

	@ParameterizedTest(name = "{1} uses {2}")
	@MethodSource("entraFilters")
	void entraFilterIsAnIndexLookup(DirectoryTable table, String filter, String index) throws BadRequestException {
		MapSqlParameterSource parameters = new MapSqlParameterSource("account", this.account);
		String condition = new SqlFilterTranslator(table, parameters).translate(FilterReader.read(filter));
		String sql = "EXPLAIN SELECT r.id FROM " + table.table()
				+ " r WHERE r.account_id = :account AND r.deleted_at IS NULL AND " + condition;
		List<String> plan = this.jdbc.queryForList(sql, parameters, String.class);
		assertThat(String.join("\n", plan)).as(sql).contains(index).doesNotContain("Seq Scan");
	}

}
