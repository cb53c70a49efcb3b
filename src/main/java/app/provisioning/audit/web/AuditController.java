package app.provisioning.audit.web;

import app.provisioning.audit.AuditPage;
import app.provisioning.audit.AuditTrail;
import app.provisioning.platform.AdminApi;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's own actions outside any account (admin keys, signing keys) by API,
 * newest first, paged by event id. An account's trail is served by the account's API,
 * which knows whether the account exists.
 */
@RestController
@AdminApi
class AuditController {

	private final AuditTrail trail;

	AuditController(AuditTrail trail) {
		this.trail = trail;
	}

	@GetMapping("/api/audit")
	AuditPage operator(@RequestParam(required = false) Long before, @RequestParam(required = false) Integer limit) {
		return this.trail.page(null, before, limit);
	}

}
