package app.provisioning.scim.web;

import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.NotModifiedException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.messages.ErrorResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import app.provisioning.platform.DatabaseOutage;
import app.provisioning.platform.DatabaseOutageMetrics;
import app.provisioning.platform.ErrorPages;
import app.provisioning.platform.LockConflict;
import app.provisioning.scim.ScimMediaTypes;
import app.provisioning.scim.errors.ScimErrorAttributes;
import app.provisioning.scim.errors.ScimErrorBody;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The one place SCIM errors become responses (RFC 7644 §3.12). Anything unexpected is
 * logged with a correlation id and answered without internals.
 * <p>
 * Not limited to the SCIM controllers' package on purpose: a 404 for an unknown endpoint,
 * a 405 or a 415 is raised before any controller is chosen, and must still be
 * SCIM-shaped. A later API with its own error format declares an advice of higher
 * precedence.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class ScimExceptionAdvice {

	private static final Logger log = LoggerFactory.getLogger(ScimExceptionAdvice.class);

	private final DatabaseOutageMetrics outages;

	ScimExceptionAdvice(DatabaseOutageMetrics outages) {
		this.outages = outages;
	}

	@ExceptionHandler(ScimException.class)
	ResponseEntity<Object> scim(ScimException ex) {
		ErrorResponse error = ex.getScimError();
		int status = (error.getStatus() != null) ? error.getStatus() : 500;
		if (ex instanceof NotModifiedException notModified) {
			return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(notModified.getVersion()).build();
		}
		return respond(status, error.getScimType(), error.getDetail());
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<Object> unreadable(HttpMessageNotReadableException ex) {
		String detail = (ex.getMessage() != null && ex.getMessage().startsWith("The request body")) ? ex.getMessage()
				: "The request body is not a valid JSON object";
		return respond(400, BadRequestException.INVALID_SYNTAX, detail);
	}

	@ExceptionHandler(ScimJsonMessageConverter.BodyTooLargeException.class)
	ResponseEntity<Object> tooLarge(ScimJsonMessageConverter.BodyTooLargeException ex) {
		return respond(413, null, "The request body is larger than the limit of " + ex.limit()
				+ " bytes; split it into several requests (a PATCH can add or remove members in several)");
	}

	@ExceptionHandler(HttpMediaTypeNotSupportedException.class)
	ResponseEntity<Object> unsupportedMediaType(HttpMediaTypeNotSupportedException ex) {
		return respond(415, null, "Content-Type " + ex.getContentType()
				+ " is not supported; send application/scim+json or application/json");
	}

	@ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
	ResponseEntity<Object> notAcceptable(HttpMediaTypeNotAcceptableException ex) {
		return respond(406, null, "This server answers only application/scim+json");
	}

	@ExceptionHandler(HttpRequestMethodNotSupportedException.class)
	ResponseEntity<Object> methodNotAllowed(HttpRequestMethodNotSupportedException ex) {
		return respond(405, null, "Method " + ex.getMethod() + " is not supported on this endpoint");
	}

	@ExceptionHandler(NoResourceFoundException.class)
	ResponseEntity<Object> noEndpoint(NoResourceFoundException ex) {
		return respond(404, null,
				isScimRequest() ? "No SCIM endpoint at /" + ex.getResourcePath()
						+ "; the endpoints are /Users, /Groups, /Schemas, /ResourceTypes and /ServiceProviderConfig"
						: "Nothing at /" + ex.getResourcePath());
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ResponseEntity<Object> badParameter(MethodArgumentTypeMismatchException ex) {
		return respond(400, BadRequestException.INVALID_VALUE,
				"Query parameter '" + ex.getName() + "' has an invalid value");
	}

	@ExceptionHandler(MissingServletRequestParameterException.class)
	ResponseEntity<Object> missingParameter(MissingServletRequestParameterException ex) {
		return respond(400, BadRequestException.INVALID_VALUE,
				"Query parameter '" + ex.getParameterName() + "' is required");
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> unexpected(Exception ex) {
		if (LockConflict.isCause(ex)) {
			// Still a 503 for Entra, which retries it (a 409 would say "uniqueness"), but
			// soon, and not counted as an outage.
			log.info("SCIM request rolled back by a lock conflict: {}", ex.getMessage());
			HttpHeaders retrySoon = new HttpHeaders();
			retrySoon.set(HttpHeaders.RETRY_AFTER, "1");
			return respond(503, null, LockConflict.SCIM_DETAIL, retrySoon);
		}
		if (DatabaseOutage.isCause(ex)) {
			log.warn("Database unavailable: {}", ex.getMessage());
			this.outages.answered("scim");
			return respond(503, null, DatabaseOutage.detail("directory store"), DatabaseOutage.retryAfter());
		}
		String correlationId = UUID.randomUUID().toString();
		log.error("Unexpected error, correlation id {}", correlationId, ex);
		return respond(500, null, "Internal server error; correlation id " + correlationId);
	}

	private static ResponseEntity<Object> respond(int status, String scimType, String detail) {
		return respond(status, scimType, detail, new HttpHeaders());
	}

	private static ResponseEntity<Object> respond(int status, String scimType, String detail, HttpHeaders headers) {
		ResponseEntity.BodyBuilder answer = ResponseEntity.status(status).headers(headers);
		String path = requestPath();
		if (ErrorPages.console(path)) {
			// An administration page no route maps: a page, as the console answers.
			return answer.contentType(MediaType.parseMediaType("text/html;charset=UTF-8"))
				.body(ErrorPages.page(status, detail, contextPath()));
		}
		if (!isScimRequest()) {
			// Raised before any controller was chosen for a non-SCIM path (the
			// administration API, the token endpoint): answer as an RFC 9457 problem, as
			// those APIs do.
			return answer.contentType(MediaType.APPLICATION_PROBLEM_JSON).body(ErrorPages.problem(status, detail));
		}
		if (scimType != null
				&& RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request) {
			request.getRequest().setAttribute(ScimErrorAttributes.SCIM_TYPE, scimType);
		}
		return answer.contentType(ScimMediaTypes.SCIM_JSON).body(ScimErrorBody.of(status, scimType, detail));
	}

	private static String requestPath() {
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
			return attributes.getRequest().getRequestURI().substring(attributes.getRequest().getContextPath().length());
		}
		return null;
	}

	private static String contextPath() {
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
			return attributes.getRequest().getContextPath();
		}
		return "";
	}

	private static boolean isScimRequest() {
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
			String path = attributes.getRequest().getRequestURI();
			return path == null || path.regionMatches(true, 0, "/scim/", 0, 6);
		}
		return true;
	}

}
