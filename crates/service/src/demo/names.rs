//! Russian names for the demo college: surnames, first names by generation,
//! patronymics, the female form of a surname and a transliteration for e-mails.

/// A generation, by year of birth: names come in and out of fashion.
pub const OLD: u8 = 1; // born before 1965
pub const MID: u8 = 2; // born 1965–1999
pub const YOUNG: u8 = 4; // born 2000 and later

pub fn era_of(birth_year: i32) -> u8 {
    if birth_year < 1965 {
        OLD
    } else if birth_year < 2000 {
        MID
    } else {
        YOUNG
    }
}

/// A man's name with the patronymics it gives a son and a daughter, and the
/// generations it was common in. The patronymics are spelled out rather than
/// derived: Илья → Ильич/Ильинична, Лев → Львович, Пётр → Петрович.
pub struct Male {
    pub name: &'static str,
    pub son: &'static str,
    pub daughter: &'static str,
    pub eras: u8,
}

const fn m(name: &'static str, son: &'static str, daughter: &'static str, eras: u8) -> Male {
    Male {
        name,
        son,
        daughter,
        eras,
    }
}

pub const MEN: &[Male] = &[
    m(
        "Александр",
        "Александрович",
        "Александровна",
        OLD | MID | YOUNG,
    ),
    m("Алексей", "Алексеевич", "Алексеевна", OLD | MID | YOUNG),
    m("Анатолий", "Анатольевич", "Анатольевна", OLD),
    m("Андрей", "Андреевич", "Андреевна", OLD | MID | YOUNG),
    m("Антон", "Антонович", "Антоновна", MID | YOUNG),
    m("Аркадий", "Аркадьевич", "Аркадьевна", OLD),
    m("Арсений", "Арсеньевич", "Арсеньевна", YOUNG),
    m("Артём", "Артёмович", "Артёмовна", MID | YOUNG),
    m("Борис", "Борисович", "Борисовна", OLD),
    m("Вадим", "Вадимович", "Вадимовна", OLD | MID),
    m("Валентин", "Валентинович", "Валентиновна", OLD),
    m("Валерий", "Валерьевич", "Валерьевна", OLD | MID),
    m("Василий", "Васильевич", "Васильевна", OLD | YOUNG),
    m("Виктор", "Викторович", "Викторовна", OLD | MID),
    m("Виталий", "Витальевич", "Витальевна", OLD | MID),
    m(
        "Владимир",
        "Владимирович",
        "Владимировна",
        OLD | MID | YOUNG,
    ),
    m("Владислав", "Владиславович", "Владиславовна", MID | YOUNG),
    m("Вячеслав", "Вячеславович", "Вячеславовна", OLD | MID),
    m("Геннадий", "Геннадьевич", "Геннадьевна", OLD),
    m("Георгий", "Георгиевич", "Георгиевна", OLD | YOUNG),
    m("Глеб", "Глебович", "Глебовна", YOUNG),
    m("Григорий", "Григорьевич", "Григорьевна", OLD | YOUNG),
    m("Даниил", "Даниилович", "Данииловна", YOUNG),
    m("Данил", "Данилович", "Даниловна", MID | YOUNG),
    m("Денис", "Денисович", "Денисовна", MID | YOUNG),
    m("Дмитрий", "Дмитриевич", "Дмитриевна", OLD | MID | YOUNG),
    m("Евгений", "Евгеньевич", "Евгеньевна", OLD | MID | YOUNG),
    m("Егор", "Егорович", "Егоровна", MID | YOUNG),
    m("Захар", "Захарович", "Захаровна", YOUNG),
    m("Иван", "Иванович", "Ивановна", OLD | MID | YOUNG),
    m("Игорь", "Игоревич", "Игоревна", OLD | MID),
    m("Илья", "Ильич", "Ильинична", MID | YOUNG),
    m("Кирилл", "Кириллович", "Кирилловна", MID | YOUNG),
    m(
        "Константин",
        "Константинович",
        "Константиновна",
        OLD | MID | YOUNG,
    ),
    m("Лев", "Львович", "Львовна", YOUNG),
    m("Леонид", "Леонидович", "Леонидовна", OLD),
    m("Максим", "Максимович", "Максимовна", MID | YOUNG),
    m("Марк", "Маркович", "Марковна", YOUNG),
    m("Матвей", "Матвеевич", "Матвеевна", YOUNG),
    m("Михаил", "Михайлович", "Михайловна", OLD | MID | YOUNG),
    m("Никита", "Никитич", "Никитична", MID | YOUNG),
    m("Николай", "Николаевич", "Николаевна", OLD | MID | YOUNG),
    m("Олег", "Олегович", "Олеговна", OLD | MID),
    m("Павел", "Павлович", "Павловна", OLD | MID | YOUNG),
    m("Пётр", "Петрович", "Петровна", OLD | YOUNG),
    m("Ринат", "Ринатович", "Ринатовна", OLD | MID),
    m("Роман", "Романович", "Романовна", MID | YOUNG),
    m("Руслан", "Русланович", "Руслановна", MID | YOUNG),
    m("Рустам", "Рустамович", "Рустамовна", MID | YOUNG),
    m("Семён", "Семёнович", "Семёновна", OLD | YOUNG),
    m("Сергей", "Сергеевич", "Сергеевна", OLD | MID | YOUNG),
    m("Станислав", "Станиславович", "Станиславовна", OLD | MID),
    m("Степан", "Степанович", "Степановна", OLD | YOUNG),
    m("Тимофей", "Тимофеевич", "Тимофеевна", YOUNG),
    m("Тимур", "Тимурович", "Тимуровна", MID | YOUNG),
    m("Фёдор", "Фёдорович", "Фёдоровна", OLD | YOUNG),
    m("Эдуард", "Эдуардович", "Эдуардовна", OLD | MID),
    m("Юрий", "Юрьевич", "Юрьевна", OLD | MID),
    m("Ярослав", "Ярославович", "Ярославовна", MID | YOUNG),
];

/// Women's names with the generations they were common in.
pub const WOMEN: &[(&str, u8)] = &[
    ("Александра", MID | YOUNG),
    ("Алёна", MID | YOUNG),
    ("Алина", MID | YOUNG),
    ("Альбина", MID),
    ("Анастасия", MID | YOUNG),
    ("Анна", OLD | MID | YOUNG),
    ("Антонина", OLD),
    ("Арина", YOUNG),
    ("Валентина", OLD),
    ("Валерия", YOUNG),
    ("Варвара", YOUNG),
    ("Василиса", YOUNG),
    ("Вера", OLD | MID),
    ("Вероника", YOUNG),
    ("Виктория", MID | YOUNG),
    ("Галина", OLD),
    ("Гульнара", OLD | MID),
    ("Дарья", MID | YOUNG),
    ("Диана", MID | YOUNG),
    ("Евгения", MID),
    ("Екатерина", OLD | MID | YOUNG),
    ("Елена", OLD | MID),
    ("Елизавета", YOUNG),
    ("Жанна", MID),
    ("Зинаида", OLD),
    ("Инна", MID),
    ("Ирина", OLD | MID),
    ("Камила", YOUNG),
    ("Карина", MID | YOUNG),
    ("Кристина", MID | YOUNG),
    ("Ксения", MID | YOUNG),
    ("Лариса", OLD | MID),
    ("Лидия", OLD),
    ("Любовь", OLD | MID),
    ("Людмила", OLD | MID),
    ("Маргарита", MID | YOUNG),
    ("Марина", MID),
    ("Мария", MID | YOUNG),
    ("Милана", YOUNG),
    ("Надежда", OLD | MID),
    ("Наталья", OLD | MID),
    ("Нина", OLD),
    ("Оксана", MID),
    ("Олеся", MID),
    ("Ольга", OLD | MID),
    ("Полина", YOUNG),
    ("Раиса", OLD),
    ("Регина", MID | YOUNG),
    ("Светлана", OLD | MID),
    ("Софья", YOUNG),
    ("Таисия", YOUNG),
    ("Тамара", OLD),
    ("Татьяна", OLD | MID),
    ("Ульяна", YOUNG),
    ("Эльвира", MID),
    ("Юлия", MID | YOUNG),
    ("Яна", MID | YOUNG),
];

/// Surnames in the masculine form; [`feminine`] gives the woman's form.
pub const SURNAMES: &[&str] = &[
    "Абрамов",
    "Александров",
    "Андреев",
    "Антонов",
    "Баранов",
    "Белов",
    "Белоусов",
    "Богданов",
    "Бондаренко",
    "Борисов",
    "Быков",
    "Васильев",
    "Виноградов",
    "Власов",
    "Волков",
    "Воробьёв",
    "Воронин",
    "Вознесенский",
    "Галиев",
    "Галкин",
    "Гончаров",
    "Григорьев",
    "Гришин",
    "Гусев",
    "Давыдов",
    "Данилов",
    "Денисов",
    "Дмитриев",
    "Долгих",
    "Дроздов",
    "Егоров",
    "Ерёмин",
    "Ермаков",
    "Жуков",
    "Зайцев",
    "Захаров",
    "Зарипов",
    "Зуев",
    "Иванов",
    "Ильин",
    "Казаков",
    "Калинин",
    "Карпов",
    "Ким",
    "Киселёв",
    "Ковалёв",
    "Коваленко",
    "Козлов",
    "Колесников",
    "Комаров",
    "Кондратьев",
    "Королёв",
    "Краснов",
    "Кудрявцев",
    "Кузнецов",
    "Кузьмин",
    "Куликов",
    "Лебедев",
    "Лесной",
    "Макаров",
    "Максимов",
    "Мальцев",
    "Мартынов",
    "Медведев",
    "Мельников",
    "Миронов",
    "Михайлов",
    "Морозов",
    "Мухаметшин",
    "Назаров",
    "Никитин",
    "Николаев",
    "Новиков",
    "Орлов",
    "Осипов",
    "Павлов",
    "Петров",
    "Плотников",
    "Покровский",
    "Поляков",
    "Пономарёв",
    "Попов",
    "Романов",
    "Савельев",
    "Сафин",
    "Седых",
    "Семёнов",
    "Сергеев",
    "Сидоров",
    "Смирнов",
    "Соболев",
    "Соколов",
    "Соловьёв",
    "Сорокин",
    "Степанов",
    "Тарасов",
    "Ткаченко",
    "Титов",
    "Тихонов",
    "Федотов",
    "Филиппов",
    "Фомин",
    "Фролов",
    "Хабибуллин",
    "Черных",
    "Чернышёв",
    "Шевчук",
    "Шестаков",
    "Щербаков",
    "Юдин",
    "Яковлев",
];

/// The woman's form of a surname: Иванов → Иванова, Ильин → Ильина,
/// Покровский → Покровская, Лесной → Лесная; Ким, Шевчук, Седых, Ткаченко stay.
pub fn feminine(surname: &str) -> String {
    for (male, female) in [
        ("ский", "ская"),
        ("цкий", "цкая"),
        ("ой", "ая"),
        ("ый", "ая"),
    ] {
        if let Some(stem) = surname.strip_suffix(male) {
            return format!("{stem}{female}");
        }
    }
    for ending in ["ов", "ев", "ёв", "ин", "ын"] {
        if surname.ends_with(ending) {
            return format!("{surname}а");
        }
    }
    surname.to_string()
}

/// Latin letters for e-mail addresses (the passport transliteration, simplified).
pub fn latin(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let s = match c {
            'а' => "a",
            'б' => "b",
            'в' => "v",
            'г' => "g",
            'д' => "d",
            'е' | 'ё' | 'э' => "e",
            'ж' => "zh",
            'з' => "z",
            'и' => "i",
            'й' => "y",
            'к' => "k",
            'л' => "l",
            'м' => "m",
            'н' => "n",
            'о' => "o",
            'п' => "p",
            'р' => "r",
            'с' => "s",
            'т' => "t",
            'у' => "u",
            'ф' => "f",
            'х' => "kh",
            'ц' => "ts",
            'ч' => "ch",
            'ш' => "sh",
            'щ' => "shch",
            'ъ' | 'ь' => "",
            'ы' => "y",
            'ю' => "yu",
            'я' => "ya",
            c if c.is_ascii_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => "",
        };
        out.push_str(s);
    }
    out
}

/// The first letter of a name, transliterated: «Юрий» → «yu».
pub fn latin_initial(name: &str) -> String {
    name.chars()
        .next()
        .map(|c| latin(&c.to_string()))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feminine_forms() {
        assert_eq!(feminine("Иванов"), "Иванова");
        assert_eq!(feminine("Соловьёв"), "Соловьёва");
        assert_eq!(feminine("Ильин"), "Ильина");
        assert_eq!(feminine("Покровский"), "Покровская");
        assert_eq!(feminine("Лесной"), "Лесная");
        assert_eq!(feminine("Ким"), "Ким");
        assert_eq!(feminine("Шевчук"), "Шевчук");
        assert_eq!(feminine("Черных"), "Черных");
        assert_eq!(feminine("Ткаченко"), "Ткаченко");
    }

    #[test]
    fn lists_are_long_and_patronymics_fit() {
        assert!(SURNAMES.len() >= 60);
        assert!(MEN.len() >= 40);
        assert!(WOMEN.len() >= 40);
        for era in [OLD, MID, YOUNG] {
            assert!(MEN.iter().filter(|m| m.eras & era != 0).count() >= 20);
            assert!(WOMEN.iter().filter(|w| w.1 & era != 0).count() >= 15);
        }
        for man in MEN {
            assert!(man.son.ends_with("ич"), "{}", man.son);
            assert!(man.daughter.ends_with("на"), "{}", man.daughter);
        }
        let ilya = MEN
            .iter()
            .find(|m| m.name == "Илья")
            .map(|m| (m.son, m.daughter));
        assert_eq!(ilya, Some(("Ильич", "Ильинична")));
    }

    #[test]
    fn transliterates() {
        assert_eq!(latin("Щербаков"), "shcherbakov");
        assert_eq!(latin("Юдина"), "yudina");
        assert_eq!(latin_initial("Юрьевич"), "yu");
    }
}
