package app.provisioning.scim;

import java.util.List;
import java.util.regex.Matcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Building blocks of hostile requests: attribute paths, filters and JSON values, each
 * valid, nearly valid (one mutation of a valid one) or garbage.
 */
final class HostileGenerators {

	static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

	static final String ENTRA = "urn:ietf:params:scim:schemas:extension:entra:2.0:User";

	private static final List<String> USER_ATTRIBUTES = List.of("userName", "displayName", "nickName", "title",
			"externalId", "id", "active", "userType", "preferredLanguage", "locale", "timezone", "profileUrl",
			"name.givenName", "name.familyName", "name.formatted", "name.middleName", "emails", "emails.value",
			"emails.type", "emails.primary", "phoneNumbers.value", "phoneNumbers.type", "addresses.streetAddress",
			"addresses.postalCode", "addresses.type", "addresses.primary", "roles.value", "roles.primary",
			"meta.created", "meta.lastModified", "meta.resourceType", "meta.version", "meta.location", "manager",
			"manager.value", ENTERPRISE + ":department", ENTERPRISE + ":manager", ENTERPRISE + ":manager.value",
			ENTERPRISE + ":employeeNumber", ENTERPRISE + ":costCenter", ENTRA + ":employeeHireDate",
			ENTRA + ":mailNickname", ENTRA + ":otherMails", "urn:ietf:params:scim:schemas:core:2.0:User:userName",
			"members", "members.value", "members.display", "groups", "password", "x509Certificates.value", "ims.value",
			"photos.value", "entitlements.value", "schemas");

	/** Names no schema has, some shaped to confuse a parser or a query builder. */
	private static final List<String> STRANGE_ATTRIBUTES = List.of("noSuchAttribute", "name.noSuchPart",
			"emails.noSuchPart", "urn:ietf:params:scim:schemas:extension:nope:2.0:User:department", "userName.value",
			"a.b.c.d", "userName'--", "data->>'userName'", "1userName", "_", "$ref", "emails.$ref", "urn:", "urn:x",
			"userName;DROP TABLE scim_user", "name..givenName", "ENTERPRISE:manager", "meta", "meta.noSuchPart",
			"émail", "user\u0000Name", "userName\u202e");

	private static final List<String> OPERATORS = List.of("eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "EQ",
			"Co");

	private static final List<String> BAD_OPERATORS = List.of("eqq", "==", "like", "in", "regex", "pr", "and", "not",
			"~", "");

	private HostileGenerators() {
	}

	static Arbitrary<String> knownAttribute() {
		return Arbitraries.of(USER_ATTRIBUTES);
	}

	static Arbitrary<String> attributePath() {
		return Arbitraries.frequencyOf(Tuple.of(6, knownAttribute()), Tuple.of(2, Arbitraries.of(STRANGE_ATTRIBUTES)),
				Tuple.of(1, garbageText(30)));
	}

	/** Strings with every kind of character a JSON or URL parser might trip over. */
	static Arbitrary<String> garbageText(int maxLength) {
		return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(maxLength),
				Arbitraries.strings().withChars("()[]\"\\ .:,{}'$-_eqandornotpr0123456789").ofMaxLength(maxLength),
				Arbitraries.strings().all().ofMaxLength(maxLength));
	}

	/**
	 * A filter comparison value as it is written in a filter: quoted strings, literals,
	 * numbers, dates.
	 */
	static Arbitrary<String> filterValue() {
		return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(20).map(HostileGenerators::quoted),
				Arbitraries.of("\"target@contoso.com\"", "\"\"", "\"2026-11-23T08:00:00Z\"", "\"2026-11-23\"",
						"\"0000-01-01T00:00:00Z\"", "\"+999999999-12-31T23:59:59Z\"", "\"not a date\"", "\"True\"",
						"\"\\u0000\"", "\"\\ud800\"", "\"%\"", "\"_\"", "\"\\\\\"", "\"'\"", "\"*\""),
				Arbitraries.of("true", "false", "null", "0", "-1", "1.5", "1e999", "-0", "99999999999999999999999",
						"0x1F", "NaN", "Infinity", "tru", "'single'"),
				Arbitraries.integers().map(String::valueOf));
	}

	static String quoted(String text) {
		StringBuilder out = new StringBuilder("\"");
		for (char c : text.toCharArray()) {
			if (c == '"' || c == '\\') {
				out.append('\\').append(c);
			}
			else if (c < 0x20) {
				out.append(String.format("\\u%04x", (int) c));
			}
			else {
				out.append(c);
			}
		}
		return out.append('"').toString();
	}

	static Arbitrary<String> validFilter() {
		return Arbitraries.lazyOf(HostileGenerators::comparison, HostileGenerators::comparison,
				HostileGenerators::comparison, HostileGenerators::valueFilter,
				() -> validFilter().map((f) -> "(" + f + ")"), () -> validFilter().map((f) -> "not (" + f + ")"),
				() -> Combinators
					.combine(validFilter(), Arbitraries.of(" and ", " or ", " AND ", " Or "), validFilter())
					.as((a, op, b) -> a + op + b));
	}

	private static Arbitrary<String> comparison() {
		return Arbitraries.oneOf(
				Combinators.combine(knownAttribute(), Arbitraries.of(OPERATORS), filterValue())
					.as((attribute, op, value) -> attribute + " " + op + " " + value),
				knownAttribute().map((attribute) -> attribute + " pr"));
	}

	private static Arbitrary<String> valueFilter() {
		Arbitrary<String> inner = Combinators
			.combine(Arbitraries.of("value", "type", "primary", "display", "noSuchPart"), Arbitraries.of(OPERATORS),
					filterValue())
			.as((sub, op, value) -> sub + " " + op + " " + value);
		return Combinators
			.combine(Arbitraries.of("emails", "phoneNumbers", "addresses", "roles", "members", "name", "userName"),
					inner, Arbitraries.of("", ".value", ".type", ".noSuchPart"), filterValue())
			.as((attribute, condition, sub, value) -> attribute + "[" + condition + "]"
					+ (sub.isEmpty() ? "" : sub + " eq " + value));
	}

	/**
	 * A valid filter with one mutation: a character dropped, inserted or replaced, or a
	 * token swapped.
	 */
	static Arbitrary<String> nearlyValidFilter() {
		return Combinators
			.combine(validFilter(), Arbitraries.integers().between(0, 1000),
					Arbitraries.of('(', ')', '[', ']', '"', '\\', ' ', '.', ':', '\u0000', 'x'),
					Arbitraries.integers().between(0, 4))
			.as(HostileGenerators::mutate);
	}

	private static String mutate(String valid, int where, char inserted, int kind) {
		int at = where % (valid.length() + 1);
		return switch (kind) {
			case 0 -> (at < valid.length()) ? valid.substring(0, at) + valid.substring(at + 1) : valid + inserted;
			case 1 -> valid.substring(0, at) + inserted + valid.substring(at);
			case 2 -> valid.substring(0, at);
			case 3 -> replaceFirstOperator(valid, BAD_OPERATORS.get(where % BAD_OPERATORS.size()));
			default -> valid.replaceFirst("^[^ \\[(]+",
					Matcher.quoteReplacement(STRANGE_ATTRIBUTES.get(where % STRANGE_ATTRIBUTES.size())));
		};
	}

	private static String replaceFirstOperator(String filter, String replacement) {
		for (String op : OPERATORS) {
			int at = filter.indexOf(" " + op + " ");
			if (at >= 0) {
				return filter.substring(0, at + 1) + replacement + filter.substring(at + 1 + op.length());
			}
		}
		return filter + " " + replacement;
	}

	static Arbitrary<String> anyFilter() {
		return Arbitraries.frequencyOf(Tuple.of(3, validFilter()), Tuple.of(4, nearlyValidFilter()),
				Tuple.of(2, garbageText(60)));
	}

	private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

	/**
	 * Any JSON value, nested a few levels, with keys that are attribute names or garbage.
	 */
	static Arbitrary<JsonNode> jsonValue() {
		return Arbitraries.lazyOf(HostileGenerators::jsonScalar, HostileGenerators::jsonScalar,
				HostileGenerators::jsonScalar, () -> jsonValue().list().ofMaxSize(3).map(HostileGenerators::array),
				() -> Combinators.combine(attributePath(), jsonValue())
					.as(Tuple::of)
					.list()
					.ofMaxSize(3)
					.map(HostileGenerators::object));
	}

	static Arbitrary<JsonNode> jsonScalar() {
		return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(20).map(JSON::textNode),
				Arbitraries
					.of("True", "False", "maybe", "", " ", "2026-11-23T08:00:00Z", "0000-01-01T00:00:00Z", "yesterday",
							"a\u0000b", "\ud800", "x".repeat(600), "work", "home", "target@contoso.com")
					.map(JSON::textNode),
				Arbitraries.of(JSON.booleanNode(true), JSON.booleanNode(false), JSON.nullNode(), JSON.numberNode(0),
						JSON.numberNode(-1), JSON.numberNode(1.5), JSON.numberNode(Long.MAX_VALUE),
						JSON.numberNode(new java.math.BigInteger("99999999999999999999999999")),
						JSON.numberNode(new java.math.BigDecimal("1e400"))),
				Arbitraries.integers().map(JSON::numberNode));
	}

	static ArrayNode array(List<? extends JsonNode> items) {
		ArrayNode array = JSON.arrayNode();
		items.forEach(array::add);
		return array;
	}

	static ObjectNode object(List<Tuple.Tuple2<String, JsonNode>> fields) {
		ObjectNode object = JSON.objectNode();
		fields.forEach((field) -> object.set(field.get1(), field.get2()));
		return object;
	}

	/**
	 * JSON text with one mutation: a character dropped, inserted or the text cut short.
	 */
	static Arbitrary<String> nearlyValidJson(Arbitrary<? extends JsonNode> valid) {
		return Combinators
			.combine(valid.map(JsonNode::toString), Arbitraries.integers().between(0, 10_000),
					Arbitraries.of('{', '}', '[', ']', '"', '\\', ',', ':', '\u0000', 'x', '1'),
					Arbitraries.integers().between(0, 2))
			.as((text, where, inserted, kind) -> {
				int at = where % (text.length() + 1);
				return switch (kind) {
					case 0 -> (at < text.length()) ? text.substring(0, at) + text.substring(at + 1) : text + inserted;
					case 1 -> text.substring(0, at) + inserted + text.substring(at);
					default -> text.substring(0, at);
				};
			});
	}

}
