package app.provisioning.health.web;

import java.util.UUID;

import app.provisioning.health.AccountHealth;
import app.provisioning.health.HealthChecks;
import app.provisioning.platform.AdminApi;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** An account's provisioning health, with its reasons. */
@RestController
@AdminApi
class HealthController {

	private final HealthChecks checks;

	HealthController(HealthChecks checks) {
		this.checks = checks;
	}

	@GetMapping("/api/accounts/{accountId}/health")
	AccountHealth health(@PathVariable UUID accountId) {
		return this.checks.of(accountId);
	}

}
