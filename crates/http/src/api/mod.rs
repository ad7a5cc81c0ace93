//! The JSON API under `/api/v1`. Every route is listed in `ROUTES` and
//! described in the OpenAPI document; a test keeps the two in step.

mod attestation;
mod curricula;
mod diary;
mod journal;
mod me;
pub mod openapi;
mod personal_data;
mod read_log;
mod reference;
mod school_year;
mod session;
mod timetable;
mod year_opening;

use axum::extract::FromRequest;
use axum::extract::FromRequestParts;
use axum::Router;

use crate::error::ApiError;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(session::routes())
        .merge(me::routes())
        .merge(reference::routes())
        .merge(curricula::routes())
        .merge(journal::routes())
        .merge(journal::file_routes())
        .merge(diary::routes())
        .merge(year_opening::routes())
        .merge(year_opening::closing_routes())
        .merge(school_year::routes())
        .merge(timetable::routes())
        .merge(timetable::auto_routes())
        .merge(attestation::routes())
        .merge(read_log::routes())
        .merge(personal_data::routes())
        .merge(openapi::routes())
}

/// Every API route: method, path (OpenAPI style), summary.
pub const ROUTES: &[(&str, &str, &str)] = &[
    (
        "post",
        "/api/v1/session",
        "Войти: логин и пароль → токен сеанса (и cookie)",
    ),
    (
        "delete",
        "/api/v1/session",
        "Выйти: завершить текущий сеанс",
    ),
    (
        "get",
        "/api/v1/me",
        "Кто я: учётная запись, роли и организации",
    ),
    (
        "post",
        "/api/v1/consent",
        "Принять условия обработки персональных данных (152-ФЗ)",
    ),
    (
        "delete",
        "/api/v1/consent",
        "Отозвать согласие на обработку персональных данных: колледж извещается",
    ),
    (
        "get",
        "/api/v1/me/data",
        "Всё, что журнал хранит обо мне (152-ФЗ, ст. 14), файлом JSON",
    ),
    (
        "get",
        "/api/v1/people/{id}/data",
        "Всё, что хранится о человеке, по его запросу (ответственный, директор)",
    ),
    (
        "post",
        "/api/v1/people/{id}/erase",
        "Удалить персональные данные человека; записи об обучении остаются обезличенными",
    ),
    (
        "get",
        "/api/v1/buildings",
        "Здания колледжа с числом кабинетов",
    ),
    ("post", "/api/v1/buildings", "Добавить здание"),
    (
        "get",
        "/api/v1/buildings/{id}/rooms",
        "Кабинеты здания, по страницам",
    ),
    (
        "post",
        "/api/v1/buildings/{id}/rooms",
        "Добавить кабинет в здание",
    ),
    (
        "get",
        "/api/v1/specialties",
        "Специальности, по страницам, с поиском",
    ),
    ("post", "/api/v1/specialties", "Добавить специальность"),
    (
        "get",
        "/api/v1/groups",
        "Учебные группы, по страницам, с поиском",
    ),
    ("post", "/api/v1/groups", "Добавить учебную группу"),
    (
        "get",
        "/api/v1/groups/{id}",
        "Группа: подгруппы и обучающиеся",
    ),
    (
        "get",
        "/api/v1/students",
        "Обучающиеся, по страницам, с поиском",
    ),
    (
        "get",
        "/api/v1/students/{id}",
        "Карточка обучающегося с родителями",
    ),
    (
        "get",
        "/api/v1/staff",
        "Сотрудники с ролями, по страницам, с поиском",
    ),
    (
        "get",
        "/api/v1/journals",
        "Журналы, доступные пользователю (группа × предмет)",
    ),
    (
        "get",
        "/api/v1/journal/{group_id}/{subject_id}",
        "Журнал группы по предмету за месяц (?month=ГГГГ-ММ-ДД)",
    ),
    (
        "put",
        "/api/v1/journal/cells",
        "Записать клетку журнала: посещаемость и отметки (с проверкой версии)",
    ),
    (
        "get",
        "/api/v1/lessons/{id}",
        "Занятие: тема, домашнее задание, обучающиеся",
    ),
    (
        "put",
        "/api/v1/lessons/{id}",
        "Изменить тему и домашнее задание",
    ),
    (
        "post",
        "/api/v1/lessons/{id}/present",
        "Посещаемость проверена: все без отметки присутствуют (отметки об отсутствии остаются)",
    ),
    (
        "get",
        "/api/v1/lessons/{id}/history/{student_id}",
        "История изменений клетки",
    ),
    (
        "post",
        "/api/v1/unlocks",
        "Разрешить преподавателю ввод после срока",
    ),
    (
        "put",
        "/api/v1/marks/{id}",
        "Изменить вид работы (и вес) выставленной отметки",
    ),
    (
        "post",
        "/api/v1/lessons/{id}/files",
        "Прикрепить файл к занятию (multipart, поле file, до 5 МБ)",
    ),
    ("get", "/api/v1/files/{id}", "Скачать файл занятия"),
    ("get", "/api/v1/diary", "Чьи дневники доступны: свой, детей"),
    (
        "get",
        "/api/v1/diary/{student_id}",
        "Дневник за неделю (?week=ГГГГ-ММ-ДД)",
    ),
    (
        "get",
        "/api/v1/diary/{student_id}/summary",
        "Итоги по предметам за период (?from=&to=)",
    ),
    (
        "post",
        "/api/v1/diary/{student_id}/notices",
        "Уведомить о будущем отсутствии",
    ),
    ("get", "/api/v1/notifications", "Мои уведомления"),
    (
        "get",
        "/api/v1/read-log",
        "Журнал просмотров персональных данных (ответственный): поиск",
    ),
    (
        "post",
        "/api/v1/notifications/read",
        "Отметить уведомления прочитанными",
    ),
    (
        "get",
        "/api/v1/year/opening",
        "Проверка справочников к открытию учебного года (п. 3.2)",
    ),
    (
        "get",
        "/api/v1/year/closing",
        "Закрытие учебного года: что не завершено, закрыт ли год, архивы (?year=)",
    ),
    (
        "post",
        "/api/v1/year/closing",
        "Закрыть учебный год ({\"confirm\": \"yes\"} — несмотря на незавершённое)",
    ),
    (
        "post",
        "/api/v1/year/archives",
        "Сформировать архив года (фоновая задача, 202)",
    ),
    (
        "get",
        "/api/v1/year/archives/{id}",
        "Ход формирования архива и его контрольная сумма",
    ),
    (
        "get",
        "/api/v1/year/archives/{id}/download",
        "Скачать архив года (ZIP с manifest.json)",
    ),
    (
        "get",
        "/api/v1/curricula",
        "Учебные планы, по страницам (?specialty=)",
    ),
    (
        "get",
        "/api/v1/curricula/{id}",
        "Учебный план: строки, часы по семестрам, формы контроля, итоги",
    ),
    (
        "get",
        "/api/v1/calendar",
        "Календарный учебный график года (?year=ГГГГ)",
    ),
    (
        "post",
        "/api/v1/calendar",
        "Добавить период графика (семестр, каникулы, аттестация, практика, сессия)",
    ),
    (
        "get",
        "/api/v1/bells",
        "Режимы пребывания (звонки) и их группы (?year=ГГГГ)",
    ),
    (
        "get",
        "/api/v1/load",
        "Педагогическая нагрузка по преподавателям: план, в расписании, вычитано",
    ),
    (
        "post",
        "/api/v1/load",
        "Назначить нагрузку: строка плана, группа (подгруппа), преподаватель, часы",
    ),
    (
        "get",
        "/api/v1/load/teachers/{id}",
        "Нагрузка преподавателя по группам и предметам с вычиткой",
    ),
    (
        "get",
        "/api/v1/timetable/groups/{id}",
        "Расписание группы на неделю (?week=ГГГГ-ММ-ДД)",
    ),
    (
        "get",
        "/api/v1/timetable/teachers/{id}",
        "Расписание преподавателя на неделю (?week=ГГГГ-ММ-ДД)",
    ),
    (
        "get",
        "/api/v1/timetable/rooms/{id}",
        "Занятость кабинета на неделю (?week=ГГГГ-ММ-ДД)",
    ),
    (
        "post",
        "/api/v1/timetable/groups/{id}/lessons",
        "Поставить занятие группе (?check=true — только проверить); 409 со списком конфликтов",
    ),
    (
        "post",
        "/api/v1/timetable/groups/{id}/fill",
        "Заполнить даты по шаблону недели (пропуская каникулы и практику)",
    ),
    (
        "post",
        "/api/v1/timetable/lessons/{id}/changes",
        "Замена, отмена или перенос занятия с причиной",
    ),
    (
        "get",
        "/api/v1/timetable/changes",
        "Учёт замен, отмен и переносов, по страницам",
    ),
    (
        "post",
        "/api/v1/timetable/auto",
        "Составить шаблон недели семестра автоматически по нагрузке (фоновая задача, 202)",
    ),
    (
        "get",
        "/api/v1/timetable/auto/{id}",
        "Ход и результат автоматического составления: нарушения, замечания, неделя группы (?group=)",
    ),
    (
        "post",
        "/api/v1/timetable/auto/{id}/apply",
        "Применить составленное расписание: заменить шаблон недели семестра",
    ),
    (
        "get",
        "/api/v1/attestation/{group_id}/{subject_id}",
        "Ведомость промежуточной аттестации: текущие отметки, средний балл, отметки за аттестацию (?year=&semester=)",
    ),
    (
        "put",
        "/api/v1/attestation/{group_id}/{subject_id}",
        "Выставить отметки за аттестацию: {\"marks\": {id обучающегося: «5», «зач», «а/з», «н/а», «нпа»}}",
    ),
    (
        "get",
        "/api/v1/attestation/students/{id}",
        "График и отметки промежуточной аттестации обучающегося за год",
    ),
    (
        "get",
        "/api/v1/attestation/groups/{id}/summary",
        "Сводная ведомость группы: итоговые отметки, пропуски в часах, задолженности (?semester=; без него — за год)",
    ),
    (
        "get",
        "/api/v1/debts",
        "Академические задолженности: колледжа, группы (?group=) или обучающегося (?student=); ?open=true",
    ),
    (
        "get",
        "/api/v1/debts/{id}",
        "Задолженность с пересдачами",
    ),
    (
        "post",
        "/api/v1/debts/{id}/retakes",
        "Назначить пересдачу (вторую — с комиссией)",
    ),
    (
        "post",
        "/api/v1/debts/{id}/result",
        "Внести итог пересдачи: положительный закрывает задолженность",
    ),
    (
        "post",
        "/api/v1/debts/{id}/not-attested",
        "Объявить задолженность не ликвидированной в срок (н/а)",
    ),
    ("get", "/api/v1/openapi.json", "Это описание API"),
];

/// JSON body whose errors are JSON too.
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

/// Path parameters whose errors are JSON too.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);

/// Query parameters whose errors are JSON too.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct ApiQuery<T>(pub T);
