package app.provisioning.reconcile;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The result of the last test of saved settings, kept on the account's Entra connection
 * as JSON. Written and read back here only, so the stored form cannot drift between the
 * two.
 */
@Component
class LastTestResults {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final JdbcTemplate jdbc;

	LastTestResults(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Keeps the result, and the secret's expiry when the test could read it; an expiry it
	 * could not read keeps the one known before.
	 */
	void record(UUID accountId, ConnectionTest.Result result) {
		OffsetDateTime expires = (result.clientSecretExpiresAt() != null)
				? OffsetDateTime.ofInstant(result.clientSecretExpiresAt(), ZoneOffset.UTC) : null;
		this.jdbc.update(
				"UPDATE graph_connection SET last_test = cast(? AS jsonb),"
						+ " client_secret_expires_at = coalesce(?, client_secret_expires_at) WHERE account_id = ?",
				MAPPER.writeValueAsString(result), expires, accountId);
	}

	/** The stored result, or null when there is none. */
	static ConnectionTest.Result read(String text) {
		if (text == null) {
			return null;
		}
		try {
			return MAPPER.readValue(text, ConnectionTest.Result.class);
		}
		catch (JacksonException ex) {
			// A result stored by an older version that no longer reads is as good as
			// none.
			return null;
		}
	}

}
