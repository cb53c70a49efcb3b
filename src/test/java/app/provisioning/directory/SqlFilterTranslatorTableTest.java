package app.provisioning.directory;

import java.util.stream.Stream;

import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.filters.Filter;

import app.provisioning.scim.query.FilterReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * SCIM filters turned into SQL over users, without Spring or a database: each row is a
 * filter, a piece the SQL must hold (the column or JSON path it reads), and the client's
 * value, which must reach SQL only as a bound parameter; refused rows name what the error
 * says. What the SQL selects on real rows is {@code scim.FilterTableTest}'s business.
 */
class SqlFilterTranslatorTableTest {

	static Stream<Arguments> translated() {
		return Stream.of(Arguments.of("userName eq \"Alex@Contoso.com\"", "user_name", "alex@contoso.com"),
				Arguments.of("externalId eq \"e-42\"", "external_id", "e-42"),
				Arguments.of("displayName co \"Wil\"", "lower(r.display_name) LIKE", "wil"),
				Arguments.of("emails[type eq \"work\"].value eq \"a@contoso.com\"", "jsonb_array_elements",
						"a@contoso.com"),
				Arguments.of("emails[type eq \"work\" and value eq \"a@contoso.com\"]", "jsonb_array_elements",
						"a@contoso.com"),
				Arguments.of("emails.value sw \"alex\"", "jsonb_array_elements", "alex"),
				Arguments.of("name.familyName eq \"O'Brien\"", "familyName", "O'Brien"),
				Arguments.of("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq \"701984\"",
						"employeeNumber", "701984"),
				Arguments.of("not (displayName eq \"x'; DROP TABLE scim_user; --\")", "NOT coalesce",
						"x'; DROP TABLE scim_user; --"),
				Arguments.of("active eq true and displayName pr", "AND", null),
				Arguments.of("meta.lastModified gt \"2026-01-01T00:00:00Z\"", "last_modified", null));
	}

	static Stream<Arguments> refused() {
		return Stream.of(Arguments.of("meta.version eq \"W/1\"", "meta.created and meta.lastModified are"),
				Arguments.of("displayName[value eq \"x\"]", "is not complex"),
				Arguments.of("userName eq \"x\" and", ""), Arguments.of("active eq \"maybe\"", ""),
				Arguments.of("userName gt", ""),
				Arguments.of("title pr and (displayName pr or not (active eq \"maybe\"))",
						"'active' is a boolean: compare it with true or false"),
				Arguments.of("not (not (not (meta.version eq \"W/1\")))", "meta.created and meta.lastModified are"),
				Arguments.of("active eq \"maybe\" and nosuch eq \"x\"", "'active' is a boolean"),
				Arguments.of("nosuch eq \"x\" and active eq \"maybe\"", "Unknown attribute 'nosuch'"),
				Arguments.of("emails[type eq \"work\" and not (primary eq \"no\")]",
						"'emails.primary' is a boolean: compare it with true or false"),
				Arguments.of("emails[type eq \"work\" or (value pr and foo eq \"x\")]",
						"'emails' has no sub-attribute 'foo'"),
				Arguments.of("userName eq \"x\" and (title pr or emails[value eq null])",
						"Compare 'emails.value' with a value"),
				Arguments.of("name[givenName eq \"x\" and (familyName pr or foo pr)]",
						"'name' has no sub-attribute 'foo'"),
				Arguments.of(nested(12, "emails[not (value eq \"a\\u0000b\")]"),
						"The value compared with 'emails.value' contains the NUL character"),
				Arguments.of(nested(12, "employeeHireDate gt \"yesterday\""),
						"employeeHireDate' is a dateTime: compare it with a value like"));
	}

	static Stream<Arguments> refusedForGroups() {
		return Stream.of(
				Arguments.of("members[type eq \"User\" and not (display eq \"x\")]",
						"Members can be filtered by value (the member id) and type; not by 'display'"),
				Arguments.of("displayName pr and not (members[value pr or members.value eq \"x\"])",
						"Inside members[...] use value or type; got members.value eq \"x\""),
				Arguments.of(nested(12, "members[value eq \"a\\u0000\"]"),
						"The value compared with 'members.value' contains the NUL character"));
	}

	/**
	 * Whether the single walk found a key that pins every match (then the search is a key
	 * lookup) and whether it narrowed users' emails by their index first.
	 */
	static Stream<Arguments> pinned() {
		return Stream.of(Arguments.of(DirectoryTable.USERS, "userName eq \"x\"", true, false),
				Arguments.of(DirectoryTable.USERS, "title pr and userName eq \"x\"", true, false),
				Arguments.of(DirectoryTable.USERS, "title pr and (active eq true and externalId eq \"e\")", true,
						false),
				Arguments.of(DirectoryTable.USERS, "userName eq \"x\" or title pr", false, false),
				Arguments.of(DirectoryTable.USERS, "title pr and (userName eq \"x\" or title pr)", false, false),
				Arguments.of(DirectoryTable.USERS, "not (userName eq \"x\")", false, false),
				Arguments.of(DirectoryTable.USERS, "not (not (userName eq \"x\"))", false, false),
				Arguments.of(DirectoryTable.USERS, "id eq \"not-a-uuid\" and title pr", true, false),
				Arguments.of(DirectoryTable.USERS, "emails.value eq \"a@contoso.com\"", true, true),
				Arguments.of(DirectoryTable.USERS, "emails eq \"a@contoso.com\"", false, true),
				Arguments.of(DirectoryTable.USERS, "emails[type eq \"work\" and value eq \"a@contoso.com\"]", true,
						true),
				Arguments.of(DirectoryTable.USERS, "emails[type eq \"work\"].value eq \"a@contoso.com\"", true, true),
				Arguments.of(DirectoryTable.USERS, "title pr and (emails[value eq \"a@contoso.com\"] and active pr)",
						true, true),
				Arguments.of(DirectoryTable.USERS, "not (emails[value eq \"a@contoso.com\"])", false, true),
				Arguments.of(DirectoryTable.USERS, "emails[value eq \"a@contoso.com\" or type eq \"work\"]", false,
						false),
				Arguments.of(DirectoryTable.USERS, "emails[not (value eq \"a@contoso.com\")]", false, false),
				Arguments.of(DirectoryTable.USERS,
						"emails[(type eq \"work\" and value eq \"a@contoso.com\") and primary eq true]", false, false),
				Arguments.of(DirectoryTable.USERS, "userName eq \"x\" and emails[not (value eq \"a\")]", true, false),
				Arguments.of(DirectoryTable.USERS, "emails[value eq 5]", false, false),
				Arguments.of(DirectoryTable.USERS, "phoneNumbers[value eq \"555\"]", false, false),
				Arguments.of(DirectoryTable.USERS, nested(12, "userName eq \"x\""), false, false),
				Arguments.of(DirectoryTable.GROUPS,
						"id eq \"00000000-0000-0000-0000-0000000000aa\" and members[value eq \"00000000-0000-0000-0000-0000000000bb\"]",
						true, false),
				Arguments.of(DirectoryTable.GROUPS, "members[value eq \"00000000-0000-0000-0000-0000000000bb\"]", false,
						false),
				Arguments.of(DirectoryTable.GROUPS, "displayName eq \"Sales\" and not (members pr)", true, false));
	}

	/** The condition after the account and liveness, exactly as the walk writes it. */
	static Stream<Arguments> written() {
		return Stream.of(Arguments.of(DirectoryTable.USERS,
				"not (displayName eq \"a\" and not (title co \"b\" or active eq true))",
				"NOT coalesce(((lower(r.display_name) = :f1 AND NOT coalesce(((lower((r.attributes #>> '{title}')) LIKE :f2 ESCAPE '\\' OR r.active = :f3)), false))), false)"),
				Arguments.of(DirectoryTable.USERS, "(userName eq \"a\" or userName eq \"b\") and not (externalId pr)",
						"((lower(r.user_name) = :f1 OR lower(r.user_name) = :f2) AND NOT coalesce((r.external_id IS NOT NULL), false))"),
				Arguments.of(DirectoryTable.USERS, "emails[type eq \"work\" and value eq \"A@contoso.com\"]",
						"(r.email_values @> ARRAY[:f3]::text[] AND EXISTS (SELECT 1 FROM jsonb_array_elements(coalesce(r.attributes #> '{emails}', '[]'::jsonb)) AS e1(v) WHERE (lower((e1.v ->> 'type')) = :f1 AND lower((e1.v ->> 'value')) = :f2)))"),
				Arguments.of(DirectoryTable.USERS, "name[givenName eq \"a\" and not (familyName pr)]",
						"(lower(((r.attributes #> '{name}') ->> 'givenName')) = :f1 AND NOT coalesce((((r.attributes #> '{name}') ->> 'familyName') IS NOT NULL), false))"),
				Arguments.of(DirectoryTable.GROUPS, "members[type eq \"User\" or not (value pr)]",
						"EXISTS (SELECT 1 FROM scim_group_member m WHERE m.group_id = r.id AND (lower(m.member_type) = :f1 OR NOT coalesce((TRUE), false)))"));
	}

	/** {@code depth} levels of and, or and not around {@code filter}. */
	private static String nested(int depth, String filter) {
		String text = filter;
		for (int level = 0; level < depth; level++) {
			text = switch (level % 3) {
				case 0 -> "not (" + text + ")";
				case 1 -> "(" + text + " and displayName pr)";
				default -> "(externalId pr or " + text + ")";
			};
		}
		return text;
	}

	private static String translate(String text, MapSqlParameterSource parameters) throws BadRequestException {
		return where(DirectoryTable.USERS, text, parameters).sql();
	}

	private static WhereClause where(DirectoryTable table, String text, MapSqlParameterSource parameters)
			throws BadRequestException {
		return new SqlFilterTranslator(table, parameters).where(FilterReader.read(text));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("translated")
	void translated(String filter, String reads, String value) throws Exception {
		MapSqlParameterSource parameters = new MapSqlParameterSource();
		String sql = translate(filter, parameters);
		assertThat(sql).as(sql).contains("r.account_id = :account").contains(reads);
		if (value != null) {
			assertThat(sql).as("the value is bound, never in the SQL text").doesNotContain(value);
			assertThat(parameters.getValues().values()).as(sql)
				.anySatisfy((bound) -> assertThat(String.valueOf(bound).toLowerCase()).contains(value.toLowerCase()));
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("refused")
	void refused(String filter, String says) {
		assertThatExceptionOfType(BadRequestException.class)
			.isThrownBy(() -> translate(filter, new MapSqlParameterSource()))
			.satisfies((ex) -> {
				assertThat(ex.getScimError().getScimType()).isEqualTo("invalidFilter");
				assertThat(ex.getMessage()).contains(says);
			});
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("refusedForGroups")
	void refusedForGroups(String filter, String says) {
		assertThatExceptionOfType(BadRequestException.class)
			.isThrownBy(() -> where(DirectoryTable.GROUPS, filter, new MapSqlParameterSource()))
			.satisfies((ex) -> {
				assertThat(ex.getScimError().getScimType()).isEqualTo("invalidFilter");
				assertThat(ex.getMessage()).contains(says);
			});
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("pinned")
	void pinned(DirectoryTable table, String filter, boolean probe, boolean emailPrefilter) throws Exception {
		WhereClause where = where(table, filter, new MapSqlParameterSource());
		String live = probe ? LiveRows.byKey("r.") : LiveRows.inList("r.");
		assertThat(where.probe()).as(where.sql()).isEqualTo(probe);
		assertThat(where.sql()).startsWith("r.account_id = :account AND " + live + " AND ");
		assertThat(where.sql().contains("r.email_values @> ARRAY[")).as(where.sql()).isEqualTo(emailPrefilter);
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("written")
	void written(DirectoryTable table, String filter, String condition) throws Exception {
		String sql = where(table, filter, new MapSqlParameterSource("account", "a")).sql();
		assertThat(sql.substring(sql.indexOf(" AND ", sql.indexOf("deleted_at IS NULL")) + " AND ".length()))
			.isEqualTo(condition);
	}

	/**
	 * The parser refuses a value filter inside another before the walk sees it; a filter
	 * built in code reaches each scope's own refusal.
	 */
	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("nestedValueFilters")
	void nestedValueFilterRefused(DirectoryTable table, Filter filter) {
		assertThatExceptionOfType(BadRequestException.class)
			.isThrownBy(() -> new SqlFilterTranslator(table, new MapSqlParameterSource()).where(filter))
			.satisfies((ex) -> {
				assertThat(ex.getScimError().getScimType()).isEqualTo("invalidFilter");
				assertThat(ex.getMessage()).isEqualTo("Value filters cannot be nested: emails[value eq \"x\"]");
			});
	}

	static Stream<Arguments> nestedValueFilters() throws BadRequestException {
		Filter inner = Filter.hasComplexValue("emails", Filter.eq("value", "x"));
		return Stream.of(
				Arguments.of(DirectoryTable.USERS,
						Filter.hasComplexValue("emails", Filter.and(Filter.eq("type", "work"), Filter.not(inner)))),
				Arguments.of(DirectoryTable.USERS,
						Filter.hasComplexValue("name", Filter.or(Filter.pr("givenName"), inner))),
				Arguments.of(DirectoryTable.GROUPS,
						Filter.hasComplexValue("members", Filter.and(Filter.eq("type", "User"), Filter.not(inner)))));
	}

}
