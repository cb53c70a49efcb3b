package app.provisioning.console;

import java.util.List;
import java.util.UUID;

import app.provisioning.health.Alerts;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The account page's Alerts section: the account's alert address and a test e-mail. */
@Controller
class AlertActions {

	private final Alerts alerts;

	private final AccountView view;

	AlertActions(Alerts alerts, AccountView view) {
		this.alerts = alerts;
		this.view = view;
	}

	@PostMapping("/admin/accounts/{accountId}/alert-settings")
	String settings(@PathVariable UUID accountId, @RequestParam(required = false) String email, Model model) {
		this.alerts.changeEmail(accountId, email);
		model.addAttribute("message", (email == null || email.isBlank()) ? "Alert address removed."
				: "Alerts also go to " + email.trim() + " now.");
		return this.view.render(accountId, model);
	}

	@PostMapping("/admin/accounts/{accountId}/alerts/test")
	String test(@PathVariable UUID accountId, @RequestParam(required = false) String channel, Model model) {
		List<String> to = this.alerts.sendTest(accountId, (channel == null || channel.isBlank()) ? null : channel);
		model.addAttribute("message", "A test alert is on its way to " + String.join(", ", to) + ".");
		return this.view.render(accountId, model);
	}

}
