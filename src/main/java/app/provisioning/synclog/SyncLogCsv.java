package app.provisioning.synclog;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import app.provisioning.platform.CsvCells;

import org.springframework.stereotype.Component;

/**
 * Writes matching sync-log entries as CSV (RFC 4180), newest first, streamed from the
 * database.
 */
@Component
public class SyncLogCsv {

	private final SyncLogQuery query;

	SyncLogCsv(SyncLogQuery query) {
		this.query = query;
	}

	/**
	 * The CSV as a download. The account and the filter are checked before the first byte
	 * goes out, so a refusal is still an ordinary error answer.
	 */
	public void export(UUID accountId, SyncLogQuery.Filter filter, HttpServletResponse response) throws IOException {
		this.query.page(accountId, filter, null, 1);
		response.setContentType("text/csv; charset=utf-8");
		response.setHeader("Content-Disposition", "attachment; filename=\"sync-log-" + accountId + ".csv\"");
		write(accountId, filter, new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8));
	}

	private void write(UUID accountId, SyncLogQuery.Filter filter, Writer out) throws IOException {
		out.write("id,at,source,request_id,operation,resource_type,resource_id,outcome,reason,changes\r\n");
		try {
			this.query.each(accountId, filter, (entry) -> {
				try {
					out.write(entry.id() + "," + entry.at() + "," + CsvCells.cell(entry.source()) + ","
							+ CsvCells.cell(entry.requestId()) + "," + CsvCells.cell(entry.operation()) + ","
							+ CsvCells.cell(entry.resourceType()) + "," + CsvCells.cell(entry.resourceId()) + ","
							+ CsvCells.cell(entry.outcome()) + "," + CsvCells.cell(entry.reason()) + ","
							+ CsvCells.cell(entry.changes()) + "\r\n");
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
		catch (UncheckedIOException ex) {
			throw ex.getCause();
		}
		out.flush();
	}

}
