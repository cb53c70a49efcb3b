package app.provisioning.mapping.feed;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonRawValue;

/**
 * One change to one record, as a consumer of the feed or a webhook receives it.
 *
 * @param id stable for ever ({@code evt_} and a number); a webhook's {@code webhook-id}
 * @param type what happened, for example {@code person.updated}
 * @param timestamp when the change was made
 * @param cursor where the feed stands after this event: pass it as {@code after} to go on
 * @param record which record, its version after the change, and where to read it
 * @param data what the type says changed (JSON)
 */
public record FeedEvent(String id, String type, Instant timestamp, String cursor, Record record,
		@JsonRawValue String data) {

	/** The changed record: {@code type} is {@code person} or {@code login_user}. */
	public record Record(String type, UUID id, long version, String href) {

		static Record of(UUID accountId, String type, UUID id, long version) {
			String collection = "person".equals(type) ? "people" : "login-users";
			return new Record(type, id, version, "/api/accounts/" + accountId + "/" + collection + "/" + id);
		}

	}

	static final String ID_PREFIX = "evt_";

	/** The row id behind an event id, or -1 when the text is not one. */
	public static long rowId(String eventId) {
		if (eventId == null || !eventId.startsWith(ID_PREFIX) || eventId.length() > ID_PREFIX.length() + 18
				|| !eventId.substring(ID_PREFIX.length()).matches("[0-9]+")) {
			return -1;
		}
		return Long.parseLong(eventId.substring(ID_PREFIX.length()));
	}

}
