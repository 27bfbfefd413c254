package no.budstikke.authorization;

import java.util.regex.Pattern;

/**
 * Who a caller, publisher or party is, in the hub's one notation: {@code /org/{org}}, {@code /organisation/{orgno}},
 * {@code /person/{pid}}, {@code /user/{id}} or {@code /party/{id}}.
 */
public record Identity(String value) {

    private static final Pattern FORMAT = Pattern.compile("/(org|organisation|person|user|party)/[A-Za-z0-9._:-]{1,64}");

    public Identity {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("Not an identity: expected /org/…, /organisation/…, /person/…, /user/… or /party/…");
        }
    }

    public static boolean isValid(String value) {
        return value != null && FORMAT.matcher(value).matches();
    }

    /** Person identities are personal numbers: never print them whole. */
    @Override
    public String toString() {
        return value.startsWith("/person/") ? "/person/***" : value;
    }
}
