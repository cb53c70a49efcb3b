package app.provisioning.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import app.provisioning.account.ConsoleSessions;

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

	ConsoleLoginController(ConsoleSessions sessions) {
		this.sessions = sessions;
	}

	@GetMapping("/admin/login")
	String form() {
		return "console/login";
	}

	@PostMapping("/admin/login")
	String signIn(@RequestParam(name = "key", required = false) String key, HttpServletRequest request,
			HttpServletResponse response, Model model) {
		return this.sessions.signIn(key).map((session) -> {
			response.addHeader("Set-Cookie", cookie(session, ConsoleSessions.LIFETIME.toSeconds(), request).toString());
			return "redirect:/admin";
		}).orElseGet(() -> {
			response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
			model.addAttribute("error", "That is not a valid admin key (or it was revoked).");
			return "console/login";
		});
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
