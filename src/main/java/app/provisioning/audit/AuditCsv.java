package app.provisioning.audit;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import app.provisioning.platform.CsvCells;

import org.springframework.stereotype.Component;

/**
 * An account's whole audit trail as CSV (RFC 4180), newest first, written a page at a
 * time.
 */
@Component
public class AuditCsv {

	private final AuditTrail trail;

	AuditCsv(AuditTrail trail) {
		this.trail = trail;
	}

	public void export(UUID accountId, HttpServletResponse response) throws IOException {
		response.setContentType("text/csv; charset=utf-8");
		response.setHeader("Content-Disposition", "attachment; filename=\"audit-" + accountId + ".csv\"");
		Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
		out.write("id,at,actor,address,action,target,status,before,after\r\n");
		Long before = null;
		List<AuditEvent> events;
		do {
			events = this.trail.page(accountId, before, AuditTrail.MAX_LIMIT);
			for (AuditEvent event : events) {
				out.write(event.id() + "," + event.at() + "," + CsvCells.cell(event.actor()) + ","
						+ CsvCells.cell(event.address()) + "," + CsvCells.cell(event.action()) + ","
						+ CsvCells.cell(event.target()) + "," + event.status() + "," + CsvCells.cell(event.before())
						+ "," + CsvCells.cell(event.after()) + "\r\n");
				before = event.id();
			}
		}
		while (events.size() == AuditTrail.MAX_LIMIT);
		out.flush();
	}

}
