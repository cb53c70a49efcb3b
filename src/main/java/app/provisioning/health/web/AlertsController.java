package app.provisioning.health.web;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import app.provisioning.audit.AuditSnapshot;
import app.provisioning.health.Alerts;
import app.provisioning.platform.AdminApi;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** An account's alerts, its alert address, and test e-mails. */
@RestController
@AdminApi
@RequestMapping("/api/accounts/{accountId}")
class AlertsController implements AuditSnapshot {

	private final Alerts alerts;

	AlertsController(Alerts alerts) {
		this.alerts = alerts;
	}

	record AlertSettings(String email) {
	}

	record TestRequest(String channel) {
	}

	@GetMapping("/alerts")
	Alerts.Overview alerts(@PathVariable UUID accountId) {
		return this.alerts.overview(accountId);
	}

	@PutMapping("/alert-settings")
	Alerts.Overview settings(@PathVariable UUID accountId, @RequestBody(required = false) AlertSettings settings) {
		return this.alerts.changeEmail(accountId, (settings != null) ? settings.email() : null);
	}

	@PostMapping("/alerts/test")
	@ResponseStatus(HttpStatus.ACCEPTED)
	Map<String, List<String>> test(@PathVariable UUID accountId, @RequestBody(required = false) TestRequest request) {
		return Map.of("queuedTo", this.alerts.sendTest(accountId, (request != null) ? request.channel() : null));
	}

	@Override
	public Set<String> routes() {
		return Set.of("/api/accounts/{accountId}/alert-settings", "/admin/accounts/{accountId}/alert-settings");
	}

	@Override
	public Optional<Object> snapshot(UUID accountId, Map<String, String> variables) {
		String email = this.alerts.overview(accountId).email();
		return Optional.of(Map.of("email", (email != null) ? email : ""));
	}

}
