//! Fetching one page of any query, with the total for the pager.

use domain::paging::{Page, PageRequest};
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, FromQueryResult, PaginatorTrait, Select};

pub async fn fetch_page<E, C>(
    db: &C,
    select: Select<E>,
    req: PageRequest,
) -> Result<Page<E::Model>, DbErr>
where
    E: EntityTrait,
    E::Model: FromQueryResult + Sized + Send + Sync,
    C: ConnectionTrait,
{
    let paginator = select.paginate(db, req.per_page);
    let total = paginator.num_items().await?;
    let items = paginator.fetch_page(req.page - 1).await?;
    Ok(Page {
        items,
        page: req.page,
        per_page: req.per_page,
        total,
    })
}
