package app.provisioning.audit;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import app.provisioning.platform.Refusal;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Service;

/**
 * The audit trail of administrative actions: written by the recorder of every change made
 * through the administration API and pages, and by sign-ins; read newest first.
 */
@Service
public class AuditTrail {

	public static final int DEFAULT_LIMIT = 100;

	public static final int MAX_LIMIT = 1000;

	// Field names that hold or name a secret: their values never reach the trail.
	private static final Pattern SECRET = Pattern.compile(".*(secret|token|password|key|credential).*");

	private static final String REDACTED = "(not recorded)";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final RowMapper<AuditEvent> EVENTS = (rs, n) -> new AuditEvent(rs.getLong("id"),
			rs.getObject("account_id", UUID.class), rs.getTimestamp("at").toInstant(), rs.getString("actor"),
			rs.getString("address"), rs.getString("user_agent"), rs.getString("action"), rs.getString("target"),
			rs.getInt("status"), rs.getString("before"), rs.getString("after"));

	private final JdbcTemplate jdbc;

	AuditTrail(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Who acted and from where. */
	public record Actor(String name, String address, String userAgent) {
	}

	/**
	 * Records an action; {@code before} and {@code after} are turned into JSON with their
	 * secrets removed.
	 */
	public void record(UUID accountId, Actor actor, String action, String target, int status, Object before,
			Object after) {
		this.jdbc.update(
				"INSERT INTO audit_event (account_id, actor, address, user_agent, action, target, status, before,"
						+ " after) VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)",
				accountId, actor.name(), actor.address(), shorten(actor.userAgent()), action, target, status,
				json(before), json(after));
	}

	/**
	 * A page of the account's events (the operator's own with a null account), as the API
	 * serves it; a limit outside 1 to {@link #MAX_LIMIT} is refused.
	 */
	public AuditPage page(UUID accountId, Long beforeId, Integer limit) {
		int size = (limit != null) ? limit : DEFAULT_LIMIT;
		if (size < 1 || size > MAX_LIMIT) {
			throw Refusal.invalid("limit must be between 1 and " + MAX_LIMIT + "; got " + size);
		}
		List<AuditEvent> events = page(accountId, beforeId, size);
		return new AuditPage(events, (events.size() == size) ? events.get(events.size() - 1).id() : null);
	}

	/** The account's events newer first, those before {@code beforeId} when given. */
	public List<AuditEvent> page(UUID accountId, Long beforeId, int limit) {
		return this.jdbc.query(
				"SELECT * FROM audit_event WHERE account_id IS NOT DISTINCT FROM ? AND id < ?"
						+ " ORDER BY id DESC LIMIT ?",
				EVENTS, accountId, (beforeId != null) ? beforeId : Long.MAX_VALUE,
				Math.max(1, Math.min(limit, MAX_LIMIT)));
	}

	static String json(Object value) {
		if (value == null) {
			return null;
		}
		JsonNode tree = (value instanceof JsonNode node) ? node.deepCopy() : JSON.valueToTree(value);
		redact(tree);
		return tree.isNull() ? null : JSON.writeValueAsString(tree);
	}

	private static void redact(JsonNode node) {
		if (node instanceof ObjectNode object) {
			Iterator<Map.Entry<String, JsonNode>> fields = object.properties().iterator();
			while (fields.hasNext()) {
				Map.Entry<String, JsonNode> field = fields.next();
				if (field.getKey().toLowerCase(Locale.ROOT).endsWith("url") && field.getValue().isTextual()) {
					// Receivers' addresses may carry credentials (user:password@, tokens
					// in the path or query, as chat webhooks do): the host is enough to
					// know which.
					field.setValue(JSON.getNodeFactory().textNode(hostOnly(field.getValue().asText())));
				}
				else if (SECRET.matcher(field.getKey().toLowerCase(Locale.ROOT)).matches() && !field.getValue().isNull()
						&& !field.getValue().isBoolean() && !field.getKey().toLowerCase(Locale.ROOT).endsWith("at")) {
					field.setValue(JSON.getNodeFactory().textNode(REDACTED));
				}
				else {
					redact(field.getValue());
				}
			}
		}
		else if (node != null && node.isArray()) {
			node.forEach(AuditTrail::redact);
		}
	}

	private static String hostOnly(String url) {
		try {
			java.net.URI uri = java.net.URI.create(url.trim());
			if (uri.getHost() == null) {
				return REDACTED;
			}
			String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty()) ? "" : "/…";
			return uri.getScheme() + "://" + uri.getHost() + ((uri.getPort() >= 0) ? ":" + uri.getPort() : "") + path;
		}
		catch (IllegalArgumentException ex) {
			return REDACTED;
		}
	}

	private static String shorten(String value) {
		return (value == null || value.length() <= 200) ? value : value.substring(0, 200);
	}

}
