package app.provisioning.account.web;

import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import app.provisioning.platform.Refusal;
import app.provisioning.platform.RefusalStatus;
import app.provisioning.platform.AdminApi;
import app.provisioning.platform.DatabaseOutage;
import app.provisioning.platform.DatabaseOutageMetrics;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingPathVariableException;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Administration API errors as RFC 9457 problems (the SCIM API has its own error format).
 * Spring MVC's own exceptions (415, 405, 400 …) are rendered by the base class.
 */
@RestControllerAdvice(annotations = AdminApi.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class AdminApiExceptionAdvice extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(AdminApiExceptionAdvice.class);

	private final DatabaseOutageMetrics outages;

	AdminApiExceptionAdvice(DatabaseOutageMetrics outages) {
		this.outages = outages;
	}

	@ExceptionHandler(Refusal.class)
	ProblemDetail refused(Refusal ex) {
		return ProblemDetail.forStatusAndDetail(RefusalStatus.of(ex), ex.getMessage());
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String field = fieldOf(ex);
		return ResponseEntity.badRequest()
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, (field != null)
					? field + " has a value of the wrong type (check the field's type in the API documentation;"
							+ " dates as 2027-01-31T00:00:00Z)"
					: "The request body is not valid JSON for this endpoint (check field names and types; dates as 2027-01-31T00:00:00Z)"));
	}

	// The field whose value could not be read, named as the request names it.
	private static String fieldOf(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof tools.jackson.databind.DatabindException databind) {
				return path(databind.getPath().stream().map((ref) -> ref.getPropertyName()).toList());
			}
		}
		return null;
	}

	private static String path(java.util.List<String> names) {
		String joined = names.stream()
			.filter(java.util.Objects::nonNull)
			.collect(java.util.stream.Collectors.joining("."));
		return joined.isEmpty() ? null : joined;
	}

	/**
	 * A blank id in the path ({@code /webhooks/%20}) names nothing: 404, as a malformed
	 * one does.
	 */
	@Override
	protected ResponseEntity<Object> handleMissingPathVariable(MissingPathVariableException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND)
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
					"No " + ex.getVariableName() + " with an empty id"));
	}

	/**
	 * Two administrators creating the same name or tenant at once: the index decides,
	 * 409.
	 */
	@ExceptionHandler(DataIntegrityViolationException.class)
	ProblemDetail conflict(DataIntegrityViolationException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
				"Another change to the same thing (a name, an Entra tenant, a member, a rule) won at the same moment; read and retry");
	}

	/**
	 * A malformed id in the path names nothing (404); a malformed query parameter is the
	 * caller's to fix (400).
	 */
	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ProblemDetail badPath(MethodArgumentTypeMismatchException ex) {
		if (ex.getParameter().hasParameterAnnotation(PathVariable.class)) {
			return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
					"No " + ex.getName() + " '" + ex.getValue() + "'");
		}
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				ex.getName() + " must be " + expected(ex.getRequiredType()) + ", not '" + ex.getValue() + "'");
	}

	private static String expected(Class<?> type) {
		Class<?> boxed = (type != null) ? ClassUtils.resolvePrimitiveIfNecessary(type) : Object.class;
		if (Number.class.isAssignableFrom(boxed)) {
			return "a whole number";
		}
		return (boxed == Boolean.class) ? "true or false" : "a valid " + boxed.getSimpleName();
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		if (DatabaseOutage.isCause(ex)) {
			log.warn("Database unavailable: {}", ex.getMessage());
			this.outages.answered("admin");
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.headers(DatabaseOutage.retryAfter())
				.body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
						DatabaseOutage.detail("database")));
		}
		String correlationId = UUID.randomUUID().toString();
		log.error("Unexpected error in the administration API, correlation id {}", correlationId, ex);
		return ResponseEntity.internalServerError()
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
					"Internal server error; correlation id " + correlationId));
	}

}
