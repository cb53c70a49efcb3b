package app.provisioning.directory;

import java.util.stream.Stream;

import com.unboundid.scim2.common.exceptions.BadRequestException;

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
				Arguments.of("userName gt", ""));
	}

	private static String translate(String text, MapSqlParameterSource parameters) throws BadRequestException {
		return new SqlFilterTranslator(DirectoryTable.USERS, parameters).where(FilterReader.read(text)).sql();
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

}
