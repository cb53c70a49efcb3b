package app.provisioning.console;

import java.util.UUID;

import app.provisioning.platform.Refusal;
import app.provisioning.reconcile.GraphConnection;
import app.provisioning.reconcile.ReconcileRun;
import app.provisioning.reconcile.ReconcileSettings;
import app.provisioning.reconcile.RecordSync;
import app.provisioning.reconcile.RunRequests;
import app.provisioning.reconcile.RunSettings;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/** Reconciliation schedule, Sync Now with live progress, and Sync this record. */
@Controller
class ReconcileActions {

	private final ReconcileSettings settings;

	private final RunRequests runs;

	private final RecordSync records;

	private final AccountView view;

	ReconcileActions(ReconcileSettings settings, RunRequests runs, RecordSync records, AccountView view) {
		this.settings = settings;
		this.runs = runs;
		this.records = records;
		this.view = view;
	}

	@PostMapping("/admin/accounts/{accountId}/reconciliation")
	String schedule(@PathVariable UUID accountId, @RequestParam(required = false) String kind,
			@RequestParam(required = false) Integer intervalMinutes, @RequestParam(required = false) String cron,
			@RequestParam(required = false) String zone, @RequestParam(required = false) String refreshFields,
			@RequestParam(required = false) String notifyUrl, Model model) {
		GraphConnection.Schedule.Kind scheduleKind = null;
		try {
			scheduleKind = GraphConnection.Schedule.Kind
				.valueOf(String.valueOf(kind).toUpperCase(java.util.Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			// reported below as a schedule problem
		}
		try {
			this.settings.save(accountId,
					new RunSettings(
							new GraphConnection.Schedule(scheduleKind, intervalMinutes, blank(cron), blank(zone)),
							refreshFields != null, blank(notifyUrl)));
			model.addAttribute("message", "Reconciliation settings saved.");
		}
		catch (Refusal ex) {
			model.addAttribute("reconcileError", ex.getMessage());
		}
		return this.view.render(accountId, model);
	}

	@PostMapping("/admin/accounts/{accountId}/sync-now")
	String syncNow(@PathVariable UUID accountId, Model model) {
		try {
			ReconcileRun run = this.runs.syncNow(accountId, false);
			model.addAttribute("message", "Sync started (run " + run.id() + ").");
			model.addAttribute("followRun", run.id());
		}
		catch (Refusal ex) {
			model.addAttribute("reconcileError", ex.getMessage());
		}
		return this.view.render(accountId, model);
	}

	/** A run's progress for the page's live view. */
	@GetMapping(path = "/admin/accounts/{accountId}/runs/{runId}", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseBody
	ReconcileRun run(@PathVariable UUID accountId, @PathVariable UUID runId) {
		return this.runs.get(accountId, runId);
	}

	@PostMapping("/admin/accounts/{accountId}/records/{recordId}/sync")
	String syncRecord(@PathVariable UUID accountId, @PathVariable UUID recordId,
			@RequestParam(required = false) String user, Model model) {
		try {
			RecordSync.Result result = this.records.sync(accountId, recordId);
			model.addAttribute("message", "Synced from Microsoft Graph: " + result.entraState() + ", "
					+ result.outcome() + ". " + result.message());
		}
		catch (Refusal ex) {
			model.addAttribute("error", ex.getMessage());
		}
		return "forward:/admin/accounts/" + accountId + "/timeline?user=" + java.net.URLEncoder
			.encode((user != null) ? user : recordId.toString(), java.nio.charset.StandardCharsets.UTF_8);
	}

	private static String blank(String value) {
		return (value == null || value.isBlank()) ? null : value.trim();
	}

}
