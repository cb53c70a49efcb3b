package app.provisioning.account.web;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import app.provisioning.platform.Problem;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * A 400 problem that lists each thing to fix in an {@code errors} member shaped as in RFC
 * 9457 §3's example: {@code [{"detail": "…", "pointer": "/url"}]}. {@code detail} still
 * sums them up for a client that reads only that.
 */
final class InvalidRequestProblem {

	private InvalidRequestProblem() {
	}

	static ProblemDetail of(String detail, List<Problem> problems) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
		problem.setProperty("errors", problems.stream().map(Error::of).toList());
		return problem;
	}

	/** A problem with no single member at fault has no pointer. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Error(String detail, String pointer) {

		static Error of(Problem problem) {
			return new Error(problem.detail(), problem.pointer());
		}

	}

}
