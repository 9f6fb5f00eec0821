package se.samverkan.gateway.tools;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import se.samverkan.gateway.identity.PersonalIdentityNumber;

/**
 * Writes a synthetic BHV export for a cohort of school starters: deterministic for a seed, identity
 * numbers of valid form (date and check digit) that are made up, names from a short list, about 40 FHIR
 * resources per child once mapped. Streams, so a cohort of any size takes constant memory.
 *
 * <pre>gateway generate --children 28000 --seed 42 --out var/cohort.xml [--schools 10000001,10000002]
 *          [--start-year 2027]</pre>
 */
public final class CohortGenerator {

    static final String NS = "urn:samverkan:bhv-export:1";
    private static final List<String> GIVEN = List.of("Alva", "Elsa", "Maja", "Astrid", "Wilma", "Saga", "Ella",
            "Noah", "Hugo", "William", "Liam", "Oscar", "Lucas", "Elias", "Vera", "Nils", "Ebba", "Otto");
    private static final List<String> FAMILY = List.of("Exempelsson", "Testberg", "Provström", "Fiktivsson",
            "Påhittad", "Prövare", "Låtsasdotter", "Modellgren");

    private final Random random;
    private final int startYear;
    private final List<String> schools;
    private final Set<String> used = new HashSet<>();

    public CohortGenerator(long seed, int startYear, List<String> schools) {
        this.random = new Random(seed);
        this.startYear = startYear;
        this.schools = schools;
    }

    public static void main(String[] args) throws Exception {
        int children = 1000;
        long seed = 42;
        int startYear = LocalDate.now().getYear() + 1;
        Path out = Path.of("var/cohort.xml");
        List<String> schools = List.of("10000001", "10000002", "10000003");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--children" -> children = Integer.parseInt(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                case "--out" -> out = Path.of(args[i + 1]);
                case "--schools" -> schools = List.of(args[i + 1].split(","));
                case "--start-year" -> startYear = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        try (OutputStream stream = new BufferedOutputStream(Files.newOutputStream(out))) {
            new CohortGenerator(seed, startYear, schools).write(stream, children, "cohort-" + startYear + "-" + seed);
        }
        System.out.println("wrote " + children + " children to " + out);
    }

    public void write(OutputStream stream, int children, String batchId) throws XMLStreamException {
        XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(stream, "UTF-8");
        x.writeStartDocument("UTF-8", "1.0");
        x.writeStartElement("bhvExport");
        x.writeDefaultNamespace(NS);
        x.writeStartElement("header");
        text(x, "batchId", batchId);
        text(x, "exportingUnit", "SE2321000016-BHV1");
        text(x, "exportedAt", startYear + "-06-15T02:00:00+02:00");
        x.writeEndElement();
        for (int i = 0; i < children; i++) {
            child(x, i);
        }
        x.writeEndElement();
        x.writeEndDocument();
        x.close();
    }

    private void child(XMLStreamWriter x, int n) throws XMLStreamException {
        LocalDate birth = LocalDate.of(startYear - 6, 1, 1).plusDays(random.nextInt(365));
        String child = identity(birth);
        x.writeStartElement("child");
        x.writeAttribute("recordId", "R-" + (n + 1));
        text(x, "personalIdentityNumber", child);
        name(x);
        text(x, "protectedIdentity", random.nextInt(500) == 0 ? "true" : "false");
        text(x, "registrationMunicipality", "0180");
        boolean two = random.nextInt(10) < 9;
        String g1 = identity(LocalDate.of(1980 + random.nextInt(15), 1, 1).plusDays(random.nextInt(365)));
        String g2 = two ? identity(LocalDate.of(1980 + random.nextInt(15), 1, 1).plusDays(random.nextInt(365))) : null;
        guardian(x, g1, true);
        if (two) {
            guardian(x, g2, random.nextInt(20) != 0);
        }
        x.writeStartElement("schoolStart");
        text(x, "schoolUnit", schools.get(random.nextInt(schools.size())));
        text(x, "startDate", startYear + "-08-17");
        x.writeEndElement();
        // consents are collected at the 5-year visit, in the spring before school start
        LocalDate consentDate = LocalDate.of(startYear - 1, 3, 1).plusDays(random.nextInt(200));
        int consentRoll = random.nextInt(100);
        if (consentRoll < 92) {
            consent(x, g1, "permit", consentDate);
            if (two) {
                consent(x, g2, consentRoll < 88 ? "permit" : "refuse", consentDate);
            }
        }
        String[][] programme = {{"HEXA", "90"}, {"PCV", "90"}, {"ROTA", "42"}, {"HEXA", "150"}, {"PCV", "150"},
            {"ROTA", "90"}, {"HEXA", "365"}, {"PCV", "365"}, {"MPR", "550"}, {"DTP-IPV", "1825"}};
        int dose = 0;
        for (String[] vaccine : programme) {
            x.writeStartElement("immunization");
            text(x, "vaccineCode", vaccine[0]);
            text(x, "date", birth.plusDays(Long.parseLong(vaccine[1])).toString());
            text(x, "doseNumber", String.valueOf(countBefore(programme, vaccine, ++dose)));
            x.writeEndElement();
        }
        int[] ageDays = {30, 180, 365, 730, 1460, 1825};
        for (int i = 0; i < ageDays.length; i++) {
            double years = ageDays[i] / 365.0;
            x.writeStartElement("growth");
            text(x, "date", birth.plusDays(ageDays[i]).toString());
            text(x, "heightCm", String.format(java.util.Locale.ROOT, "%.1f", 54 + 38 * Math.sqrt(years)
                    + random.nextGaussian() * 2));
            text(x, "weightKg", String.format(java.util.Locale.ROOT, "%.2f", 4.2 + 3.4 * years
                    + random.nextGaussian() * 0.4));
            if (ageDays[i] <= 730) {
                text(x, "headCircumferenceCm", String.format(java.util.Locale.ROOT, "%.1f",
                        37 + 6 * Math.sqrt(years) + random.nextGaussian()));
            }
            x.writeEndElement();
        }
        screening(x, "hearingScreening", birth.plusYears(4));
        screening(x, "visionScreening", birth.plusYears(4));
        screening(x, "visionScreening", birth.plusYears(5));
        text(x, "developmentSummary", "Utvecklingsbedömning vid 4 och 5 år utan anmärkning. Syntetisk testdata.");
        x.writeEndElement();
    }

    private static int countBefore(String[][] programme, String[] vaccine, int position) {
        int count = 0;
        for (int i = 0; i < position; i++) {
            if (programme[i][0].equals(vaccine[0])) {
                count++;
            }
        }
        return count;
    }

    private void guardian(XMLStreamWriter x, String id, boolean custody) throws XMLStreamException {
        x.writeStartElement("guardian");
        text(x, "personalIdentityNumber", id);
        name(x);
        text(x, "custody", String.valueOf(custody));
        x.writeEndElement();
    }

    private void consent(XMLStreamWriter x, String by, String decision, LocalDate date) throws XMLStreamException {
        x.writeStartElement("consent");
        text(x, "givenBy", by);
        text(x, "decision", decision);
        text(x, "date", date.toString());
        x.writeEndElement();
    }

    private void screening(XMLStreamWriter x, String element, LocalDate date) throws XMLStreamException {
        x.writeStartElement(element);
        text(x, "date", date.toString());
        text(x, "result", random.nextInt(12) == 0 ? "remark" : "normal");
        x.writeEndElement();
    }

    private void name(XMLStreamWriter x) throws XMLStreamException {
        x.writeStartElement("name");
        text(x, "given", GIVEN.get(random.nextInt(GIVEN.size())));
        text(x, "family", FAMILY.get(random.nextInt(FAMILY.size())));
        x.writeEndElement();
    }

    /** A made-up identity number of valid form, unique within the file. */
    private String identity(LocalDate birth) {
        for (int attempt = 0; ; attempt++) {
            LocalDate day = birth.plusDays(attempt / 50);
            String nine = String.format("%02d%02d%02d%03d", day.getYear() % 100, day.getMonthValue(),
                    day.getDayOfMonth(), random.nextInt(1000));
            String id = day.getYear() / 100 + nine + PersonalIdentityNumber.luhnCheckDigit(nine);
            if (used.add(id)) {
                return id;
            }
        }
    }

    private static void text(XMLStreamWriter x, String element, String value) throws XMLStreamException {
        x.writeStartElement(element);
        x.writeCharacters(value);
        x.writeEndElement();
    }
}
