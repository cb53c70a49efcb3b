package app.provisioning.console;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import app.provisioning.platform.Refusal;
import app.provisioning.platform.RefusalStatus;
import app.provisioning.account.ConsoleOutagePage;
import app.provisioning.platform.DatabaseOutage;
import app.provisioning.platform.DatabaseOutageMetrics;
import app.provisioning.platform.LockConflict;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.ui.Model;
import org.springframework.web.bind.MissingPathVariableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * A refused action on the administration pages is shown as a page that says what to fix.
 */
@ControllerAdvice(basePackageClasses = ConsoleExceptionAdvice.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsoleExceptionAdvice {

	private static final Logger log = LoggerFactory.getLogger(ConsoleExceptionAdvice.class);

	private final DatabaseOutageMetrics outages;

	ConsoleExceptionAdvice(DatabaseOutageMetrics outages) {
		this.outages = outages;
	}

	/** The page lists every problem of an invalid form, one per line. */
	@ExceptionHandler(Refusal.class)
	String refused(Refusal ex, Model model, HttpServletResponse response) {
		int status = RefusalStatus.of(ex).value();
		response.setStatus(status);
		model.addAttribute("status", status);
		model.addAttribute("message", ex.getMessage());
		model.addAttribute("refusal", ex);
		return "console/error";
	}

	/**
	 * Two people adding the same member or rule at the same moment: the database decides.
	 */
	@ExceptionHandler(DataIntegrityViolationException.class)
	String conflict(DataIntegrityViolationException ex, Model model, HttpServletResponse response) {
		response.setStatus(409);
		model.addAttribute("status", 409);
		model.addAttribute("message", "Someone made the same change at the same moment; reload the page to see it.");
		return "console/error";
	}

	/** A blank id in the address ({@code /webhooks/%20}) names nothing. */
	@ExceptionHandler(MissingPathVariableException.class)
	String blankId(MissingPathVariableException ex, Model model, HttpServletResponse response) {
		response.setStatus(404);
		model.addAttribute("status", 404);
		model.addAttribute("message", "No " + ex.getVariableName() + " with an empty id");
		return "console/error";
	}

	@ExceptionHandler({ MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class })
	String badRequest(Exception ex, Model model, HttpServletResponse response) {
		response.setStatus(400);
		model.addAttribute("status", 400);
		model.addAttribute("message", "The address or form is incomplete or malformed: " + ex.getMessage());
		return "console/error";
	}

	@ExceptionHandler(Exception.class)
	String unexpected(Exception ex, Model model, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		if (LockConflict.isCause(ex)) {
			log.info("Page request rolled back by a lock conflict: {}", ex.getMessage());
			response.setStatus(409);
			model.addAttribute("status", 409);
			model.addAttribute("message", "Another change to the same thing was being written at the same moment;"
					+ " nothing was changed. Go back and submit the form again.");
			return "console/error";
		}
		if (DatabaseOutage.isCause(ex)) {
			log.warn("Database unavailable: {}", ex.getMessage());
			ConsoleOutagePage.write(request, response, this.outages);
			return null;
		}
		log.error("Administration page failed", ex);
		response.setStatus(500);
		model.addAttribute("status", 500);
		model.addAttribute("message", "Something went wrong on the server; the log has the details.");
		return "console/error";
	}

}
