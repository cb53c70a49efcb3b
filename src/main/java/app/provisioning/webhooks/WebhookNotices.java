package app.provisioning.webhooks;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Webhook messages that are not changes of records (an account's alerts): queued, in the
 * caller's transaction, for every enabled endpoint of the account that wants their type,
 * and delivered, signed and retried like any event. They are not in the records' change
 * feed.
 */
@Service
public class WebhookNotices {

	public static final String ALERT_FIRED = "alert.fired";

	public static final String ALERT_RESOLVED = "alert.resolved";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcTemplate jdbc;

	private final Clock clock;

	WebhookNotices(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * @param messageId unique per message ({@code webhook-id}); a retry of the same
	 * message keeps it
	 * @return how many endpoints it was queued for
	 */
	public int queue(UUID accountId, String type, String messageId, Map<String, Object> data) {
		List<UUID> endpoints = this.jdbc.queryForList("SELECT id FROM webhook_endpoint WHERE account_id = ? AND enabled"
				+ " AND (cardinality(event_types) = 0 OR ? = ANY(event_types))", UUID.class, accountId, type);
		if (endpoints.isEmpty()) {
			return 0;
		}
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("id", messageId);
		message.put("type", type);
		message.put("timestamp", this.clock.instant().toString());
		message.put("data", data);
		String payload = JSON.writeValueAsString(message);
		for (UUID endpoint : endpoints) {
			this.jdbc.update("INSERT INTO webhook_delivery (endpoint_id, account_id, event_id, event_type, payload)"
					+ " VALUES (?, ?, ?, ?, ?)", endpoint, accountId, messageId, type, payload);
		}
		return endpoints.size();
	}

}
