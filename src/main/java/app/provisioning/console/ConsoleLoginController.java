package app.provisioning.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.time.Duration;
import java.util.Optional;

import app.provisioning.account.ConsoleSessions;
import app.provisioning.account.FailedSignIns;

import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Signing in to the administration pages with an admin key, and out. */
@Controller
class ConsoleLoginController {

	private final ConsoleSessions sessions;

	private final FailedSignIns failures;

	ConsoleLoginController(ConsoleSessions sessions, FailedSignIns failures) {
		this.sessions = sessions;
		this.failures = failures;
	}

	@GetMapping("/admin/login")
	String form() {
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
		response.addHeader("Set-Cookie", cookie(session.get(), ConsoleSessions.LIFETIME.toSeconds(), request).toString());
		return "redirect:/admin";
	}

	@PostMapping("/admin/logout")
	String signOut(HttpServletRequest request, HttpServletResponse response) {
		response.addHeader("Set-Cookie", cookie("", 0, request).toString());
		return "redirect:/admin/login";
	}

	private static ResponseCookie cookie(String value, long maxAge, HttpServletRequest request) {
		return ResponseCookie.from(ConsoleSessions.COOKIE, value)
			.httpOnly(true)
			.secure(request.isSecure())
			.sameSite("Strict")
			.path("/admin")
			.maxAge(maxAge)
			.build();
	}

}
