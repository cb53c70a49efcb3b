package app.provisioning.console;

import java.util.List;
import java.util.UUID;

import app.provisioning.account.AccountService;
import app.provisioning.webhooks.WebhookDeliveries;
import app.provisioning.webhooks.WebhookEndpoint;
import app.provisioning.webhooks.WebhookEndpoints;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Webhook endpoints on the account page (the secret shown once), and each endpoint's
 * deliveries.
 */
@Controller
class WebhookActions {

	private final WebhookEndpoints endpoints;

	private final WebhookDeliveries deliveries;

	private final AccountService accounts;

	private final AccountView view;

	WebhookActions(WebhookEndpoints endpoints, WebhookDeliveries deliveries, AccountService accounts,
			AccountView view) {
		this.endpoints = endpoints;
		this.deliveries = deliveries;
		this.accounts = accounts;
		this.view = view;
	}

	@PostMapping("/admin/accounts/{accountId}/webhooks")
	String add(@PathVariable UUID accountId, @RequestParam String url,
			@RequestParam(required = false) String description, @RequestParam(required = false) List<String> eventTypes,
			Model model) {
		WebhookEndpoint.WithSecret created = this.endpoints.create(accountId,
				new WebhookEndpoints.Changes(url.trim(), description, eventTypes, true));
		model.addAttribute("webhookSecret", created.secret());
		model.addAttribute("message",
				"Endpoint added. Copy its signing secret now into the receiver: it is not shown again.");
		return this.view.render(accountId, model);
	}

	@PostMapping("/admin/accounts/{accountId}/webhooks/{endpointId}/enabled")
	String enable(@PathVariable UUID accountId, @PathVariable UUID endpointId, @RequestParam boolean enabled,
			Model model) {
		this.endpoints.update(accountId, endpointId, new WebhookEndpoints.Changes(null, null, null, enabled));
		model.addAttribute("message", enabled ? "Endpoint enabled: new events are sent to it again."
				: "Endpoint disabled: its queued deliveries are cancelled.");
		return this.view.render(accountId, model);
	}

	@PostMapping("/admin/accounts/{accountId}/webhooks/{endpointId}/rotate")
	String rotate(@PathVariable UUID accountId, @PathVariable UUID endpointId, Model model) {
		WebhookEndpoint.WithSecret rotated = this.endpoints.rotateSecret(accountId, endpointId);
		model.addAttribute("webhookSecret", rotated.secret());
		model.addAttribute("message", "New signing secret (shown only now). The previous one keeps signing until "
				+ rotated.endpoint().previousSecretExpiresAt() + ".");
		return this.view.render(accountId, model);
	}

	@PostMapping("/admin/accounts/{accountId}/webhooks/{endpointId}/test")
	String test(@PathVariable UUID accountId, @PathVariable UUID endpointId, Model model) {
		this.deliveries.sendTest(accountId, endpointId);
		model.addAttribute("message", "Test event queued; its delivery shows under Deliveries.");
		return this.view.render(accountId, model);
	}

	@PostMapping("/admin/accounts/{accountId}/webhooks/{endpointId}/delete")
	String delete(@PathVariable UUID accountId, @PathVariable UUID endpointId, Model model) {
		this.endpoints.delete(accountId, endpointId);
		model.addAttribute("message", "Endpoint removed with its delivery log.");
		return this.view.render(accountId, model);
	}

	@GetMapping("/admin/accounts/{accountId}/webhooks/{endpointId}")
	String deliveries(@PathVariable UUID accountId, @PathVariable UUID endpointId,
			@RequestParam(required = false) String state, @RequestParam(required = false) String before,
			@RequestParam(required = false) Long delivery, Model model) {
		model.addAttribute("account", this.accounts.get(accountId));
		model.addAttribute("endpoint", this.endpoints.get(accountId, endpointId));
		model.addAttribute("page",
				this.deliveries.list(accountId, endpointId, blankToNull(state), blankToNull(before), null));
		model.addAttribute("state", state);
		if (delivery != null) {
			model.addAttribute("delivery", this.deliveries.get(accountId, endpointId, delivery));
		}
		return "console/webhook";
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

}
