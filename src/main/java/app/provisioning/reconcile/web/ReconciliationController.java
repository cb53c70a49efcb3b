package app.provisioning.reconcile.web;

import java.util.Set;
import java.util.Optional;
import java.util.Map;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import app.provisioning.audit.AuditSnapshot;
import app.provisioning.platform.AdminApi;
import app.provisioning.reconcile.GraphConnection;
import app.provisioning.reconcile.GraphConnections;
import app.provisioning.reconcile.ReconcileRun;
import app.provisioning.reconcile.ReconcileSettings;
import app.provisioning.reconcile.RecordSync;
import app.provisioning.reconcile.RunRequests;
import app.provisioning.reconcile.RunSettings;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reconciliation settings (schedule, refresh, notification), "Sync now", runs, and "Sync
 * this record".
 */
@RestController
@AdminApi
@RequestMapping("/api/accounts/{accountId}")
class ReconciliationController implements AuditSnapshot {

	private final GraphConnections connections;

	private final ReconcileSettings settings;

	private final RunRequests runs;

	private final RecordSync records;

	ReconciliationController(GraphConnections connections, ReconcileSettings settings, RunRequests runs,
			RecordSync records) {
		this.connections = connections;
		this.settings = settings;
		this.runs = runs;
		this.records = records;
	}

	record ScheduleBody(String kind, Integer intervalMinutes, String cron, String zone) {
	}

	record SettingsBody(ScheduleBody schedule, Boolean refreshFields, String notifyUrl) {
	}

	record SettingsResponse(ScheduleBody schedule, boolean refreshFields, String notifyUrl, Instant nextRunAt,
			ReconcileRun lastRun) {
	}

	@GetMapping("/reconciliation")
	SettingsResponse settings(@PathVariable UUID accountId) {
		return response(accountId, this.connections.get(accountId));
	}

	@PutMapping("/reconciliation")
	SettingsResponse saveSettings(@PathVariable UUID accountId, @RequestBody SettingsBody body) {
		GraphConnection.Schedule schedule = schedule(body.schedule());
		GraphConnection saved = this.settings.save(accountId,
				new RunSettings(schedule, Boolean.TRUE.equals(body.refreshFields()), body.notifyUrl()));
		return response(accountId, saved);
	}

	/**
	 * "Sync now"; {@code full=true} reads the whole tenant even when reading only its
	 * changes would do.
	 */
	@PostMapping("/reconciliation/runs")
	ResponseEntity<ReconcileRun> syncNow(@PathVariable UUID accountId,
			@RequestParam(name = "full", defaultValue = "false") boolean full) {
		ReconcileRun run = this.runs.syncNow(accountId, full);
		return ResponseEntity.accepted()
			.location(URI.create("/api/accounts/" + accountId + "/reconciliation/runs/" + run.id()))
			.body(run);
	}

	@GetMapping("/reconciliation/runs")
	List<ReconcileRun> list(@PathVariable UUID accountId) {
		return this.runs.latest(accountId);
	}

	@GetMapping("/reconciliation/runs/{runId}")
	ReconcileRun run(@PathVariable UUID accountId, @PathVariable UUID runId) {
		return this.runs.get(accountId, runId);
	}

	/** "Sync this record": a People record or login user, read from Graph now. */
	@PostMapping("/records/{recordId}/sync")
	RecordSync.Result syncRecord(@PathVariable UUID accountId, @PathVariable UUID recordId) {
		return this.records.sync(accountId, recordId);
	}

	private SettingsResponse response(UUID accountId, GraphConnection connection) {
		GraphConnection.Schedule schedule = connection.schedule();
		List<ReconcileRun> latest = this.runs.latest(accountId);
		return new SettingsResponse(
				new ScheduleBody(schedule.kind().name().toLowerCase(java.util.Locale.ROOT), schedule.intervalMinutes(),
						schedule.cron(), schedule.zone()),
				connection.refreshFields(), connection.notifyUrl(), connection.nextRunAt(),
				latest.isEmpty() ? null : latest.get(0));
	}

	private static GraphConnection.Schedule schedule(ScheduleBody body) {
		if (body == null || body.kind() == null) {
			return new GraphConnection.Schedule(null, null, null, null);
		}
		GraphConnection.Schedule.Kind kind;
		try {
			kind = GraphConnection.Schedule.Kind.valueOf(body.kind().trim().toUpperCase(java.util.Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			kind = null;
		}
		return new GraphConnection.Schedule(kind, body.intervalMinutes(), body.cron(), body.zone());
	}

	@Override
	public Set<String> routes() {
		return Set.of("/api/accounts/{accountId}/reconciliation", "/admin/accounts/{accountId}/reconciliation");
	}

	/**
	 * What the audit trail records of this setting before and after a change: what a GET
	 * answers.
	 */
	@Override
	public Optional<Object> snapshot(UUID accountId, Map<String, String> variables) {
		return Optional.of(settings(accountId));
	}

}
