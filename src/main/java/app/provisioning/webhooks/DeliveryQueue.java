package app.provisioning.webhooks;

import java.util.List;
import java.util.UUID;

import app.provisioning.mapping.feed.FeedEvent;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Puts deliveries in the queue: the exact body is stored, so every attempt sends the same
 * bytes.
 */
@Component
class DeliveryQueue {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcTemplate jdbc;

	DeliveryQueue(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	void add(UUID endpointId, UUID accountId, List<FeedEvent> events) {
		this.jdbc.batchUpdate("INSERT INTO webhook_delivery (endpoint_id, account_id, event_id, event_type, record_id,"
				+ " event_position, payload) VALUES (?, ?, ?, ?, ?, ?, ?)", events, 500, (statement, event) -> {
					statement.setObject(1, endpointId);
					statement.setObject(2, accountId);
					statement.setString(3, event.id());
					statement.setString(4, event.type());
					statement.setObject(5, event.record().id());
					statement.setLong(6, Long.parseLong(event.cursor()));
					statement.setString(7, JSON.writeValueAsString(event));
				});
	}

	/**
	 * A delivery made again from one made before, for an event the feed no longer keeps.
	 */
	int copy(UUID endpointId, String eventId) {
		return this.jdbc
			.update("INSERT INTO webhook_delivery (endpoint_id, account_id, event_id, event_type, record_id,"
					+ " event_position, payload) SELECT endpoint_id, account_id, event_id, event_type, record_id,"
					+ " event_position, payload FROM webhook_delivery WHERE endpoint_id = ? AND event_id = ?"
					+ " ORDER BY id DESC LIMIT 1", endpointId, eventId);
	}

	long addTest(UUID endpointId, UUID accountId, String messageId, String payload) {
		return this.jdbc.queryForObject(
				"INSERT INTO webhook_delivery (endpoint_id, account_id, event_id, event_type,"
						+ " payload) VALUES (?, ?, ?, ?, ?) RETURNING id",
				Long.class, endpointId, accountId, messageId, EventTypes.TEST, payload);
	}

}
