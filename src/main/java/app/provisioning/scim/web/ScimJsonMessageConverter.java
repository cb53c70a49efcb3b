package app.provisioning.scim.web;

import java.io.IOException;
import java.io.InputStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.utils.JsonUtils;

import app.provisioning.scim.ScimMediaTypes;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;

/**
 * Reads and writes SCIM bodies as Jackson 2 trees with the SCIM SDK's mapper, next to
 * Boot's Jackson 3 converters (the SDK's types carry Jackson 2 annotations). Accepts
 * {@code application/scim+json} and {@code application/json} with any charset and always
 * answers {@code application/scim+json}: Microsoft's validator rejects anything else.
 */
public class ScimJsonMessageConverter extends AbstractHttpMessageConverter<JsonNode> {

	/**
	 * JSON nesting beyond this is hostile, not a SCIM resource (the deepest is 3 levels).
	 */
	static final int MAX_NESTING_DEPTH = 32;

	private final ObjectMapper mapper;

	private final long maxBodyBytes;

	public ScimJsonMessageConverter(long maxBodyBytes) {
		super(ScimMediaTypes.SCIM_JSON, MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON);
		this.maxBodyBytes = maxBodyBytes;
		this.mapper = JsonUtils.createObjectMapper();
		this.mapper.getFactory()
			.setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build());
	}

	@Override
	protected boolean supports(Class<?> clazz) {
		return JsonNode.class.isAssignableFrom(clazz);
	}

	@Override
	protected JsonNode readInternal(Class<? extends JsonNode> clazz, HttpInputMessage inputMessage) throws IOException {
		byte[] body = readLimited(inputMessage.getBody());
		JsonNode node;
		try {
			node = this.mapper.readTree(body);
		}
		catch (JsonProcessingException ex) {
			throw new HttpMessageNotReadableException(JsonSyntaxDetail.of(ex, MAX_NESTING_DEPTH), ex, inputMessage);
		}
		if (node == null || node.isMissingNode()) {
			throw new HttpMessageNotReadableException("The request body is empty; a JSON object is required",
					inputMessage);
		}
		if (ObjectNode.class.isAssignableFrom(clazz) && !node.isObject()) {
			throw new HttpMessageNotReadableException("The request body must be a JSON object", inputMessage);
		}
		return node;
	}

	private byte[] readLimited(InputStream in) throws IOException {
		byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, this.maxBodyBytes + 1));
		if (bytes.length > this.maxBodyBytes) {
			throw new BodyTooLargeException(this.maxBodyBytes);
		}
		return bytes;
	}

	/**
	 * Serialises first so the answer carries a Content-Length: a chunked answer costs a
	 * second write to the socket for its last chunk, a measurable share of a probe's
	 * time.
	 */
	@Override
	protected void writeInternal(JsonNode node, HttpOutputMessage outputMessage) throws IOException {
		byte[] body = this.mapper.writeValueAsBytes(node);
		outputMessage.getHeaders().setContentLength(body.length);
		outputMessage.getBody().write(body);
	}

	@Override
	protected void addDefaultHeaders(HttpHeaders headers, JsonNode node, MediaType contentType) throws IOException {
		boolean problem = contentType != null && contentType.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		headers.setContentType(problem ? MediaType.APPLICATION_PROBLEM_JSON : ScimMediaTypes.SCIM_JSON);
	}

	/** Raised when a body exceeds the configured limit; answered with 413. */
	static final class BodyTooLargeException extends RuntimeException {

		private final long limit;

		BodyTooLargeException(long limit) {
			super("Request body larger than " + limit + " bytes");
			this.limit = limit;
		}

		long limit() {
			return this.limit;
		}

	}

}
