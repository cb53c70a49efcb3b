package app.provisioning.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A real PostgreSQL server of a test's own, which the test stops and starts again under
 * the running application: on the same port and data, as a restarted database server
 * would be.
 */
public final class StoppableDatabase {

	private final Path dataDirectory;

	private final int port;

	private EmbeddedPostgres postgres;

	private StoppableDatabase(Path dataDirectory, int port) {
		this.dataDirectory = dataDirectory;
		this.port = port;
	}

	/** Started; {@code name} only names its temporary data folder. */
	public static StoppableDatabase started(String name) throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		StoppableDatabase database = new StoppableDatabase(Files.createTempDirectory(name), port);
		database.start();
		return database;
	}

	/**
	 * Points the application at this server. {@code spring.datasource.url} keeps it from
	 * starting an embedded database of its own; the pool's settings win over the shared
	 * test database the base class may name.
	 */
	public void useFor(DynamicPropertyRegistry registry, int connectionTimeoutMillis) {
		String url = "jdbc:postgresql://localhost:" + this.port + "/postgres";
		registry.add("spring.datasource.url", () -> url);
		registry.add("spring.datasource.hikari.jdbc-url", () -> url);
		registry.add("spring.datasource.hikari.username", () -> "postgres");
		registry.add("spring.datasource.hikari.password", () -> "");
		registry.add("spring.datasource.hikari.connection-timeout", () -> String.valueOf(connectionTimeoutMillis));
	}

	public void start() throws IOException {
		this.postgres = EmbeddedPostgres.builder()
			.setDataDirectory(this.dataDirectory)
			.setCleanDataDirectory(false)
			.setPort(this.port)
			.start();
	}

	public void stop() throws IOException {
		this.postgres.close();
	}

}
