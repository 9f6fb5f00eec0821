package se.samverkan.gateway.mapping;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the small code tables in mappings/: comma-separated, '#' comments, double-quoted fields. */
final class CsvTable {

    private CsvTable() {
    }

    static List<String[]> read(String classpathResource, int columns) {
        InputStream in = CsvTable.class.getClassLoader().getResourceAsStream(classpathResource);
        if (in == null) {
            throw new IllegalStateException("code table missing from classpath: " + classpathResource);
        }
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] row = split(line);
                if (row.length != columns) {
                    throw new IllegalStateException(classpathResource + " line " + number + ": expected "
                            + columns + " columns, found " + row.length);
                }
                rows.add(row);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + classpathResource, e);
        }
        return rows;
    }

    private static String[] split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                fields.add(field.toString().trim());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString().trim());
        return fields.toArray(String[]::new);
    }
}
