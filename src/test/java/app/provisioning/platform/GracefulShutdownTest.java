package app.provisioning.platform;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import app.provisioning.support.FakeGraph;
import app.provisioning.support.FakeGraphApp;
import app.provisioning.support.FakeGraphTenant;
import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimResponse;
import app.provisioning.support.ServerInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stopping a server instance: requests it is serving finish and are answered while it
 * refuses new connections, and a reconciliation run it is executing stops at a safe point
 * and continues on the next instance. The instances and their PostgreSQL belong to this
 * test, so no other instance's scheduler can pick the run up.
 */
class GracefulShutdownTest {

	private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

	private static EmbeddedPostgres postgres;

	private static String url;

	@BeforeAll
	static void startPostgres() throws IOException {
		postgres = EmbeddedPostgres.builder()
			.setDataDirectory(Files.createTempDirectory("shutdown-postgres"))
			.setCleanDataDirectory(true)
			.start();
		url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
	}

	@AfterAll
	static void stopPostgres() throws IOException {
		postgres.close();
	}

	@Test
	void requestInFlightIsAnsweredWhileTheStoppingInstanceRefusesNewConnections() throws Exception {
		ServerInstance instance = ServerInstance.start(url, "postgres", "");
		ScimClient scim = instance.newTenant();
		String id = scim.post("/Users", userBody("inflight@contoso.com", "Before")).id();
		int port = instance.port();
		try (Connection lock = DriverManager.getConnection(url, "postgres", "")) {
			lock.setAutoCommit(false);
			try (Statement statement = lock.createStatement()) {
				statement.execute("SELECT 1 FROM scim_user WHERE id = '" + id + "' FOR UPDATE");
			}
			CompletableFuture<ScimResponse> inFlight = CompletableFuture
				.supplyAsync(() -> scim.put("/Users/" + id, userBody("inflight@contoso.com", "During shutdown")));
			Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> waitingOnLocks(lock) > 0);

			CompletableFuture<Void> stopped = CompletableFuture.runAsync(instance::close);
			Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !accepting(port));
			assertThat(inFlight).as("the request is still being served").isNotDone();
			lock.commit();

			ScimResponse answered = inFlight.get(30, TimeUnit.SECONDS);
			assertThat(answered.status()).as(answered.toString()).isEqualTo(200);
			assertThat(answered.body().get("displayName").asText()).isEqualTo("During shutdown");
			stopped.get(60, TimeUnit.SECONDS);
		}
		try (ServerInstance next = ServerInstance.start(url, "postgres", "")) {
			JsonNode stored = next.scim(scim.token(), scim.accountId()).get("/Users/" + id).body();
			assertThat(stored.get("displayName").asText()).isEqualTo("During shutdown");
		}
	}

	@Test
	void runInProgressPausesAtASafePointAndTheNextInstanceFinishesItAtOnce() throws Exception {
		// pages of 100 users, each answered slowly: the run is mid-way through its pages
		// for seconds
		assertPausedAndContinued(Duration.ofMillis(500), "--provisioning.graph.page-size=100");
	}

	@Test
	void runWaitingForGraphWhenTheInstanceStopsIsPausedNotFailed() throws Exception {
		// one Graph call far slower than the scheduler waits for runs to stop: the run is
		// interrupted in it
		assertPausedAndContinued(Duration.ofSeconds(40), "--provisioning.graph.request-timeout=60s");
	}

	/**
	 * A run started on one instance, which is stopped while Graph answers slowly; the
	 * retry delay is the production default, so only a pause (due at once) lets the next
	 * instance finish it within the test.
	 */
	private void assertPausedAndContinued(Duration graphDelay, String setting) throws Exception {
		FakeGraphTenant tenant = FakeGraph.get().newTenant();
		FakeGraphApp app = tenant.newApp("User.Read.All", "GroupMember.Read.All", "Application.Read.All");
		tenant.addUsers(1000, (i) -> "person" + i + "@contoso.com");
		ScimClient scim;
		String runId;
		try (ServerInstance first = ServerInstance.start(url, "postgres", "", setting,
				"--provisioning.reconcile.retry-delay=2m")) {
			scim = first.newTenant();
			UUID account = scim.accountId();
			ScimResponse saved = first.admin()
				.send("PUT", "/accounts/" + account + "/entra-connection", """
						{"tenantId":"%s","clientId":"%s","clientSecret":"%s","applicationObjectId":"%s"}"""
					.formatted(tenant.id(), app.clientId(), app.secret(), app.objectId()), JSON);
			assertThat(saved.status()).as(saved.rawBody()).isEqualTo(200);
			tenant.slow("/users", graphDelay);
			ScimResponse started = first.admin()
				.send("POST", "/accounts/" + account + "/reconciliation/runs", null, Map.of());
			assertThat(started.status()).as(started.rawBody()).isEqualTo(202);
			runId = started.id();
			Awaitility.await()
				.atMost(Duration.ofSeconds(60))
				.until(() -> tenant.requests("/users") >= 3
						|| tenant.slowRequestsInFlight() > 0 && graphDelay.toSeconds() > 10);
		}
		finally {
			tenant.slow("/users", null);
		}
		JsonNode paused = run(runId);
		assertThat(paused.path("state").asText()).as(paused.toString()).isEqualTo("queued");
		assertThat(paused.path("attempts").asInt()).as("a pause uses up no attempt").isZero();
		assertThat(paused.path("summary").asText()).contains("Paused");

		try (ServerInstance next = ServerInstance.start(url, "postgres", "",
				"--provisioning.reconcile.retry-delay=2m")) {
			Awaitility.await()
				.atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> run(runId).path("state").asText().equals("completed"));
			JsonNode finished = next.admin()
				.get("/accounts/" + scim.accountId() + "/reconciliation/runs/" + runId)
				.body();
			assertThat(finished.path("state").asText()).isEqualTo("completed");
			assertThat(finished.path("attempts").asInt()).isEqualTo(1);
		}
	}

	/**
	 * The run's row, read straight from the database: no instance needs to be running.
	 */
	private static JsonNode run(String runId) throws SQLException {
		try (Connection connection = DriverManager.getConnection(url, "postgres", "");
				Statement statement = connection.createStatement();
				var rows = statement.executeQuery("SELECT state, attempts, summary FROM reconcile_run WHERE id = '"
						+ UUID.fromString(runId) + "'")) {
			assertThat(rows.next()).isTrue();
			return ScimClient.mapper()
				.createObjectNode()
				.put("state", rows.getString("state"))
				.put("attempts", rows.getInt("attempts"))
				.put("summary", rows.getString("summary"));
		}
	}

	private static int waitingOnLocks(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				var rows = statement
					.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")) {
			rows.next();
			return rows.getInt(1);
		}
	}

	private static boolean accepting(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("localhost", port), 1000);
			return true;
		}
		catch (ConnectException ex) {
			return false;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static String userBody(String userName, String displayName) {
		return """
				{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
				 "userName":"%s","active":true,"displayName":"%s"}
				""".formatted(userName, displayName);
	}

}
