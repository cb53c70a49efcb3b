package app.provisioning.reconcile;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import app.provisioning.synclog.SyncLog;

import org.springframework.stereotype.Component;

/**
 * Tells that a run finished: always a log line and a sync-log entry with the summary, and
 * a JSON POST to the account's webhook when one is configured. A webhook that fails is
 * logged; it never fails the run.
 */
@Component
class RunNotifier {

	private static final Logger log = LoggerFactory.getLogger(RunNotifier.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final SyncLog syncLog;

	private final ReconcileProperties properties;

	private final HttpClient http;

	RunNotifier(SyncLog syncLog, ReconcileProperties properties) {
		this.syncLog = syncLog;
		this.properties = properties;
		this.http = HttpClient.newBuilder()
			.connectTimeout(properties.notifyTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	static String summary(ReconcileRun run) {
		ReconcileRun.Counts c = run.counts();
		return "Checked " + c.checked() + " records: " + c.imported() + " imported, " + c.updated() + " updated, "
				+ c.deactivated() + " deactivated, " + c.reactivated() + " reactivated, " + c.flagged()
				+ " flagged as gone from Entra, " + c.errors() + " errors";
	}

	/**
	 * The log line and sync-log entry of a finished run, in the transaction that finishes
	 * it.
	 */
	void record(ReconcileRun run) {
		String text = (run.summary() != null) ? run.summary() : summary(run);
		log.info("Reconciliation run {} of account {} {}: {}", run.id(), run.accountId(), run.state(), text);
		Map<String, Object> counts = counts(run);
		com.fasterxml.jackson.databind.node.ObjectNode changes = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
			.objectNode();
		counts.forEach((name, value) -> changes.put(name, (Long) value));
		this.syncLog.append(new SyncLog.Entry(run.accountId(), "reconcile:" + run.id(), "run", "reconciliation",
				run.id().toString(), "completed".equals(run.state()) ? SyncLog.Outcome.APPLIED : SyncLog.Outcome.ERROR,
				text, changes));
	}

	/** The webhook, after the run is finished and visible. */
	void post(ReconcileRun run, GraphConnection connection) {
		if (connection != null && connection.notifyUrl() != null) {
			post(connection.notifyUrl(), run, counts(run), (run.summary() != null) ? run.summary() : summary(run));
		}
	}

	private void post(String url, ReconcileRun run, Map<String, Object> counts, String text) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("event", "reconciliation.finished");
		body.put("accountId", run.accountId().toString());
		body.put("runId", run.id().toString());
		body.put("trigger", run.trigger());
		body.put("state", run.state());
		body.put("summary", text);
		body.put("counts", counts);
		body.put("startedAt", String.valueOf(run.startedAt()));
		body.put("finishedAt", String.valueOf(run.finishedAt()));
		try {
			HttpResponse<Void> response = this.http.send(HttpRequest.newBuilder(URI.create(url))
				.timeout(this.properties.notifyTimeout())
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
				.build(), HttpResponse.BodyHandlers.discarding());
			if (response.statusCode() >= 300) {
				log.warn("Notifying {} of run {} answered HTTP {}", url, run.id(), response.statusCode());
			}
		}
		catch (java.io.IOException | IllegalArgumentException ex) {
			log.warn("Notifying {} of run {} failed: {}", url, run.id(), ex.toString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static Map<String, Object> counts(ReconcileRun run) {
		ReconcileRun.Counts c = run.counts();
		Map<String, Object> counts = new LinkedHashMap<>();
		counts.put("checked", c.checked());
		counts.put("imported", c.imported());
		counts.put("updated", c.updated());
		counts.put("deactivated", c.deactivated());
		counts.put("reactivated", c.reactivated());
		counts.put("flagged", c.flagged());
		counts.put("errors", c.errors());
		return counts;
	}

}
