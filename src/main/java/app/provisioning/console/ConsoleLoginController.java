package app.provisioning.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.time.Duration;
import java.util.Optional;

import app.provisioning.account.ConsoleSessions;
import app.provisioning.account.FailedSignIns;
import app.provisioning.account.MicrosoftSignIn;
import app.provisioning.account.SignInRefusal;

import org.springframework.web.bind.annotation.ModelAttribute;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Signing in to the administration pages with an admin key, and out. */
@Controller
class ConsoleLoginController {

	private final ConsoleSessions sessions;

	private final FailedSignIns failures;

	private final MicrosoftSignIn microsoft;

	ConsoleLoginController(ConsoleSessions sessions, FailedSignIns failures, MicrosoftSignIn microsoft) {
		this.sessions = sessions;
		this.failures = failures;
		this.microsoft = microsoft;
	}

	/** Whether the sign-in page offers "Sign in with Microsoft", and where it starts. */
	@ModelAttribute("microsoftSignIn")
	String microsoftSignIn() {
		return this.microsoft.enabled() ? MicrosoftSignIn.START : null;
	}

	@GetMapping("/admin/login")
	String form(@RequestParam(name = "refused", required = false) String refused,
			@RequestParam(name = "signed-out", required = false) String signedOut, HttpServletResponse response,
			Model model) {
		if (refused != null) {
			// Not a member: the person is known, but not let in. Anything else: the
			// sign-in failed.
			response.setStatus(refused.equals("not-a-member") ? HttpServletResponse.SC_FORBIDDEN
					: HttpServletResponse.SC_UNAUTHORIZED);
			model.addAttribute("error",
					SignInRefusal.EXPLANATIONS.getOrDefault(refused, SignInRefusal.EXPLANATIONS.get("failed")));
		}
		if (signedOut != null) {
			model.addAttribute("message", "You are signed out on every browser.");
		}
		return "console/login";
	}

	@PostMapping("/admin/login")
	String signIn(@RequestParam(name = "key", required = false) String key, HttpServletRequest request,
			HttpServletResponse response, Model model) {
		String address = request.getRemoteAddr();
		Optional<Duration> blocked = this.failures.blockedFor(address);
		if (blocked.isPresent()) {
			long seconds = Math.max(1, blocked.get().toSeconds());
			response.setStatus(429);
			response.setHeader("Retry-After", Long.toString(seconds));
			model.addAttribute("error", "Too many failed sign-ins from your address: try again in " + seconds
					+ " seconds, with the admin key exactly as issued.");
			return "console/login";
		}
		Optional<String> session = this.sessions.signIn(key);
		if (session.isEmpty()) {
			this.failures.record(address);
			response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
			model.addAttribute("error", "That is not a valid admin key (or it was revoked).");
			return "console/login";
		}
		response.addHeader("Set-Cookie", this.sessions.cookie(session.get(), request).toString());
		return "redirect:/admin";
	}

	@PostMapping("/admin/logout")
	String signOut(HttpServletRequest request, HttpServletResponse response) {
		response.addHeader("Set-Cookie", this.sessions.cookie("", request).toString());
		return "redirect:/admin/login";
	}

	/**
	 * Ends this person's sessions in every browser (a member signed in with Microsoft).
	 */
	@PostMapping("/admin/logout-everywhere")
	String signOutEverywhere(@CookieValue(name = ConsoleSessions.COOKIE, required = false) String session,
			HttpServletRequest request, HttpServletResponse response) {
		if (session != null) {
			this.sessions.signOutEverywhere(session);
		}
		response.addHeader("Set-Cookie", this.sessions.cookie("", request).toString());
		return "redirect:/admin/login?signed-out";
	}

}
