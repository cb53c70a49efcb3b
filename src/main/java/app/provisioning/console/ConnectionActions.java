package app.provisioning.console;

import java.util.UUID;

import app.provisioning.platform.Refusal;
import app.provisioning.reconcile.ConnectionSettings;
import app.provisioning.reconcile.ConnectionTest;
import app.provisioning.reconcile.GraphConnections;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The Entra connection form: Save and Test Connection. The secret field is never filled
 * in.
 */
@Controller
class ConnectionActions {

	private final GraphConnections connections;

	private final ConnectionTest test;

	private final AccountView view;

	ConnectionActions(GraphConnections connections, ConnectionTest test, AccountView view) {
		this.connections = connections;
		this.test = test;
		this.view = view;
	}

	@PostMapping("/admin/accounts/{accountId}/connection")
	String save(@PathVariable UUID accountId, @RequestParam(required = false) String tenantId,
			@RequestParam(required = false) String clientId, @RequestParam(required = false) String clientSecret,
			@RequestParam(required = false) String applicationObjectId, @RequestParam String action, Model model) {
		ConnectionSettings settings = new ConnectionSettings(tenantId, clientId,
				(clientSecret == null || clientSecret.isBlank()) ? null : clientSecret, applicationObjectId);
		try {
			if ("test".equals(action)) {
				ConnectionTest.Result result = this.test.test(accountId, settings);
				model.addAttribute("testResult", result);
				model.addAttribute("draft", settings);
			}
			else {
				this.connections.save(accountId, settings);
				model.addAttribute("message", "Entra connection saved.");
			}
		}
		catch (Refusal ex) {
			model.addAttribute("connectionError", ex.getMessage());
			model.addAttribute("draft", settings);
		}
		return this.view.render(accountId, model);
	}

}
