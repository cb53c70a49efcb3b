package app.provisioning.console;

import java.util.List;
import java.util.UUID;

import app.provisioning.account.AccountAccess;
import app.provisioning.platform.Problems;
import app.provisioning.platform.Refusal;
import app.provisioning.mapping.HeldDeactivations;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The deactivation brake on the account page: its settings, and releasing or discarding
 * what it holds.
 */
@Controller
class BrakeActions {

	private final HeldDeactivations held;

	private final AccountView view;

	BrakeActions(HeldDeactivations held, AccountView view) {
		this.held = held;
		this.view = view;
	}

	@PostMapping("/admin/accounts/{accountId}/deactivation-brake")
	String settings(@PathVariable UUID accountId, @RequestParam(required = false) Boolean enabled,
			@RequestParam(required = false) String maxCount, @RequestParam(required = false) String maxPercent,
			@RequestParam(required = false) String windowMinutes, Model model) {
		Problems problems = new Problems();
		HeldDeactivations.BrakeChange change = new HeldDeactivations.BrakeChange(Boolean.TRUE.equals(enabled),
				number("maxCount", maxCount, problems), number("maxPercent", maxPercent, problems),
				number("windowMinutes", windowMinutes, problems));
		problems.refuseIfAny();
		this.held.changeBrake(accountId, change);
		model.addAttribute("message", "Deactivation brake saved.");
		return this.view.render(accountId, model);
	}

	@PostMapping("/admin/accounts/{accountId}/held-deactivations")
	String decide(@PathVariable UUID accountId, @RequestParam String decision,
			@RequestParam(required = false) List<Long> ids, Authentication caller, Model model) {
		boolean all = decision.endsWith("-all");
		if (!all && (ids == null || ids.isEmpty())) {
			throw Refusal.invalid("Tick the held deactivations to decide, or use the \"all\" buttons");
		}
		String by = AccountAccess.of(caller).actor();
		List<Long> chosen = all ? null : ids;
		String message = switch (decision) {
			case "release", "release-all" -> this.held.release(accountId, chosen, by)
					+ " held deactivation(s) released: those records are deactivated now.";
			case "discard", "discard-all" -> this.held.discard(accountId, chosen, by)
					+ " held deactivation(s) discarded: those records stay active.";
			default -> throw Refusal
				.invalid("decision must be release, discard, release-all or" + " discard-all, not '" + decision + "'");
		};
		model.addAttribute("message", message);
		return this.view.render(accountId, model);
	}

	private static Integer number(String field, String value, Problems problems) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return Integer.valueOf(value.trim());
		}
		catch (NumberFormatException ex) {
			problems.add("/" + field, field + " must be a whole number, not '" + value + "'");
			return null;
		}
	}

}
