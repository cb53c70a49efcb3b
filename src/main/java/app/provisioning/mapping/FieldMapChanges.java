package app.provisioning.mapping;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import app.provisioning.platform.BackgroundTasks;

import org.springframework.stereotype.Component;

/**
 * Hears, on a database connection of its own, every change to {@code field_map} (a
 * trigger announces the account at commit, whoever wrote it) and makes this instance's
 * {@link FieldMapCache} forget that account. The cache is trusted only while this
 * connection is open; a lost connection is opened again a second later. Every
 * {@value #CHECK_SECONDS} seconds without a word the connection is checked, so a silently
 * dropped one is noticed within that time.
 */
@Component
class FieldMapChanges {

	static final String CHANNEL = "field_map_changed";

	static final int CHECK_SECONDS = 5;

	static final String APPLICATION_NAME = "field-map-changes";

	private static final int WAIT_MILLIS = 250;

	private static final Logger log = LoggerFactory.getLogger(FieldMapChanges.class);

	private final FieldMapCache cache;

	private final HikariDataSource pool;

	private volatile boolean failing;

	FieldMapChanges(DataSource dataSource, FieldMapCache cache, BackgroundTasks tasks) throws SQLException {
		this.cache = cache;
		this.pool = dataSource.isWrapperFor(HikariDataSource.class) ? dataSource.unwrap(HikariDataSource.class) : null;
		if (this.pool != null) {
			tasks.every(Duration.ofSeconds(1), Duration.ZERO, "field-map-changes", this::listen);
		}
	}

	/** Listens until the connection fails or the instance stops. */
	private void listen() {
		Properties properties = new Properties();
		properties.putAll(this.pool.getDataSourceProperties());
		if (this.pool.getUsername() != null) {
			properties.setProperty("user", this.pool.getUsername());
		}
		if (this.pool.getPassword() != null) {
			properties.setProperty("password", this.pool.getPassword());
		}
		// So that an operator can tell it apart in pg_stat_activity.
		properties.setProperty("ApplicationName", APPLICATION_NAME);
		try (Connection connection = DriverManager.getConnection(this.pool.getJdbcUrl(), properties);
				Statement statement = connection.createStatement()) {
			statement.execute("LISTEN " + CHANNEL);
			this.cache.trust(true);
			if (this.failing) {
				log.info("Listening for field map changes again; field maps are kept in memory again");
				this.failing = false;
			}
			// A query on a silently dropped connection would otherwise wait for TCP to
			// give up.
			connection.setNetworkTimeout(Runnable::run, CHECK_SECONDS * 1000);
			PGConnection notifications = connection.unwrap(PGConnection.class);
			long lastWord = System.nanoTime();
			// Short waits, so that stopping the instance is not held up.
			while (!Thread.currentThread().isInterrupted()) {
				PGNotification[] heard = notifications.getNotifications(WAIT_MILLIS);
				if (heard != null && heard.length > 0) {
					for (PGNotification notification : heard) {
						forget(notification.getParameter());
					}
					lastWord = System.nanoTime();
				}
				else if (System.nanoTime() - lastWord > CHECK_SECONDS * 1_000_000_000L) {
					statement.execute("SELECT 1");
					lastWord = System.nanoTime();
				}
			}
		}
		catch (SQLException | RuntimeException ex) {
			if (!this.failing) {
				log.warn("Not listening for field map changes ({}); field maps are read from the database on every"
						+ " request until listening again", ex.getMessage());
				this.failing = true;
			}
		}
		finally {
			this.cache.trust(false);
		}
	}

	private void forget(String account) {
		try {
			this.cache.forget(UUID.fromString(account));
		}
		catch (IllegalArgumentException ex) {
			// Not one account (TRUNCATE announces none): forget them all.
			this.cache.trust(true);
		}
	}

}
