package app.provisioning.account.web;

import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

import tools.jackson.core.JacksonException.Reference;
import tools.jackson.databind.DatabindException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import app.provisioning.platform.Problem;
import app.provisioning.platform.Refusal;
import app.provisioning.platform.RefusalStatus;
import app.provisioning.platform.AdminApi;
import app.provisioning.platform.DatabaseOutage;
import app.provisioning.platform.DatabaseOutageMetrics;
import app.provisioning.platform.LockConflict;

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

	/**
	 * An invalid request also lists each thing to fix in {@code errors}, so a client can
	 * show it next to the field at fault.
	 */
	@ExceptionHandler(Refusal.class)
	ProblemDetail refused(Refusal ex) {
		if (ex.kind() == Refusal.Kind.INVALID) {
			return InvalidRequestProblem.of(ex.getMessage(), ex.problems());
		}
		return ProblemDetail.forStatusAndDetail(RefusalStatus.of(ex), ex.getMessage());
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Reference> path = pathOf(ex);
		String field = field(path);
		String detail = (field != null)
				? field + " has a value of the wrong type (check the field's type in the API documentation;"
						+ " dates as 2027-01-31T00:00:00Z)"
				: "The request body is not valid JSON for this endpoint (check field names and types; dates as 2027-01-31T00:00:00Z)";
		return ResponseEntity.badRequest()
			.body(InvalidRequestProblem.of(detail,
					List.of(Problem.at((field != null) ? pointer(path) : null, detail))));
	}

	// Where in the body the value that could not be read is.
	private static List<Reference> pathOf(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof DatabindException databind) {
				return databind.getPath();
			}
		}
		return List.of();
	}

	// The field named as the request names it, for the detail.
	private static String field(List<Reference> path) {
		String joined = path.stream()
			.map((ref) -> ref.getPropertyName())
			.filter(Objects::nonNull)
			.collect(Collectors.joining("."));
		return joined.isEmpty() ? null : joined;
	}

	// RFC 6901: '~' and '/' in a name are escaped.
	private static String pointer(List<Reference> path) {
		StringBuilder pointer = new StringBuilder();
		for (Reference ref : path) {
			String name = (ref.getPropertyName() != null) ? ref.getPropertyName() : String.valueOf(ref.getIndex());
			pointer.append('/').append(name.replace("~", "~0").replace("/", "~1"));
		}
		return pointer.toString();
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
		String detail = ex.getName() + " must be " + expected(ex.getRequiredType()) + ", not '" + ex.getValue() + "'";
		return InvalidRequestProblem.of(detail, List.of(Problem.of(detail)));
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
		if (LockConflict.isCause(ex)) {
			log.info("Request rolled back by a lock conflict: {}", ex.getMessage());
			return ResponseEntity.status(HttpStatus.CONFLICT)
				.body(ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, LockConflict.DETAIL));
		}
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
