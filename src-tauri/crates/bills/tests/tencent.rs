//! Tencent Cloud bill details: bill 3.0 in English and the older console
//! export in Chinese (with its 总计 row).

mod common;

use std::collections::BTreeMap;

use cloudlens_bills::FormatId;
use cloudlens_model::ChargeCategory;
use common::*;
use expect_test::expect;

// ---------------------------------------------------------------------------
// Tencent Cloud

#[test]
fn tencent_bill_3_in_english() {
    let m = run(TENCENT_EN);
    assert_eq!(m.format, FormatId::Tencent);
    // No Bill Month column: the bill is the UTC+8 month of the deduction.
    let expected = raw_totals(
        TENCENT_EN,
        "Total Amount After Discount",
        |r| r["Currency"].to_string(),
        |r| Some(china_month(r["Transaction Time"])),
    );
    assert_totals(&m, &expected);
    assert_eq!(
        expected,
        BTreeMap::from([
            ((CN_2025_01, "CNY".to_string()), dec("1194.94")),
            ((CN_2025_01, "USD".to_string()), dec("6.53")),
            ((CN_2025_02, "CNY".to_string()), dec("88.84")),
            ((CN_2025_02, "USD".to_string()), dec("1020.00")),
        ])
    );

    // January's storage, deducted at 2025-02-01 00:30 UTC+8 (still January
    // in UTC), is on February's bill.
    let cos = m.of("assets-1250000000", |_| true);
    check(
        cos,
        expect![[r#"
            provider: name=Tencent Cloud | publisher=Tencent Cloud | issuer=Tencent Cloud
            account: id=100012345678 | type=Payer Account | currency=CNY
            sub_account: id=100012345678 | type=Account
            service: name=Cloud Object Storage | category=Storage | subcategory=Object Storage
            charge: category=Usage | frequency=UsageBased | description=COS - Standard Storage Standard Storage Capacity
            periods: billing=2025-01-31T16:00:00+00:00..2025-02-28T16:00:00+00:00 | charge=2024-12-31T16:00:00+00:00..2025-01-31T15:59:59+00:00
            cost: billed=88.00 | effective=88.00 | list=88.00 | contracted=88.00
            pricing: category=Standard | quantity=745.76 | unit=GB-Months | currency=CNY | list_price=0.118
            consumed: quantity=745.76 | unit=GB-Months
            sku: id=COS - Standard Storage | meter=Standard Storage Capacity
            region: id=ap-guangzhou | name=South China (Guangzhou)
            resource: id=assets-1250000000 | name=assets-1250000000 | type=COS - Standard Storage
            extras: x_BillingMode=Pay-As-You-Go | x_CashPayAmount=88.00 | x_ComponentType=Storage | x_DiscountMultiplier=1 | x_IncentivePayAmount=0 | x_OperatorAccountId=100012345678 | x_Project=Default Project | x_SubproductName=COS - Standard Storage | x_TransactionId=20250201000000004 | x_TransactionTime=2025-02-01 00:30:00 | x_TransactionType=Monthly Settlement | x_VoucherDeduction=0 | x_VoucherPayAmount=0
            row: 5
        "#]],
    );

    let cpu = m.of("ins-8x9y0z1a", |l| {
        l.dims.sku_meter.as_deref() == Some("CPU - Standard S5")
            && l.billing_period_start == CN_2025_01
    });
    // 4 cores for 24 hours at CNY/core/hour: 96 core-hours, so that
    // ListUnitPrice × PricingQuantity is the ListCost (0.35 × 96 = 33.60).
    check(
        cpu,
        expect![[r#"
            provider: name=Tencent Cloud | publisher=Tencent Cloud | issuer=Tencent Cloud
            account: id=100012345678 | type=Payer Account | currency=CNY
            sub_account: id=100012345678 | type=Account
            service: name=Cloud Virtual Machine | category=Other | subcategory=Other (Other)
            charge: category=Usage | frequency=UsageBased | description=CVM - Standard S5 CPU - Standard S5
            periods: billing=2024-12-31T16:00:00+00:00..2025-01-31T16:00:00+00:00 | charge=2025-01-14T16:00:00+00:00..2025-01-15T15:59:59+00:00
            cost: billed=20.16 | effective=20.16 | list=33.60 | contracted=20.16
            pricing: category=Standard | quantity=96 | unit=Core-Hours | currency=CNY | list_price=0.35 | contracted_price=0.28
            consumed: quantity=96 | unit=Core-Hours
            sku: id=CVM - Standard S5 | meter=CPU - Standard S5
            region: id=ap-guangzhou | name=South China (Guangzhou) | zone=Guangzhou Zone 3
            resource: id=ins-8x9y0z1a | name=game-server-01 | type=CVM - Standard S5
            tags: env=prod | team=game
            extras: x_BillingMode=Pay-As-You-Go | x_CashPayAmount=20.16 | x_ComponentType=CPU | x_DiscountMultiplier=0.6 | x_DurationUnit=Hour | x_IncentivePayAmount=0 | x_OperatorAccountId=100012345678 | x_Project=Default Project | x_SubproductName=CVM - Standard S5 | x_TransactionId=20250115100000001 | x_TransactionTime=2025-01-15 23:59:59 | x_TransactionType=Hourly Settlement | x_UsageDuration=24 | x_VoucherDeduction=0 | x_VoucherPayAmount=0
            row: 1
        "#]],
    );

    // `-` under contract prices: ListCost falls back to BilledCost.
    let cdn = m.of("cdn.example.cn", |_| true);
    check(
        cdn,
        expect![[r#"
            provider: name=Tencent Cloud | publisher=Tencent Cloud | issuer=Tencent Cloud
            account: id=100012345678 | type=Payer Account | currency=CNY
            sub_account: id=100012345678 | type=Account
            service: name=Content Delivery Network | category=Networking | subcategory=Content Delivery
            charge: category=Usage | frequency=UsageBased | description=CDN - Traffic Domestic Traffic
            periods: billing=2024-12-31T16:00:00+00:00..2025-01-31T16:00:00+00:00 | charge=2025-01-18T16:00:00+00:00..2025-01-19T15:59:59+00:00
            cost: billed=45.30 | effective=45.30 | list=45.30 | contracted=45.30
            pricing: category=Standard | quantity=215.71 | unit=GB | currency=CNY | list_price=0.21
            consumed: quantity=215.71 | unit=GB
            sku: id=CDN - Traffic | meter=Domestic Traffic
            resource: id=cdn.example.cn | name=cdn.example.cn | type=CDN - Traffic
            tags: env=prod | team=web
            extras: x_BillingMode=Pay-As-You-Go | x_CashPayAmount=35.30 | x_ComponentType=Traffic | x_IncentivePayAmount=10.00 | x_OperatorAccountId=100012345678 | x_Project=Default Project | x_SubproductName=CDN - Traffic | x_TransactionId=20250120000000005 | x_TransactionTime=2025-01-20 02:00:00 | x_TransactionType=Daily Settlement | x_VoucherDeduction=0 | x_VoucherPayAmount=0
            row: 6
        "#]],
    );

    let spot = m.of("ins-spot0001", |_| true);
    check(
        spot,
        expect![[r#"
            provider: name=Tencent Cloud | publisher=Tencent Cloud | issuer=Tencent Cloud
            account: id=100012345678 | type=Payer Account | currency=CNY
            sub_account: id=100012345678 | type=Account
            service: name=Cloud Virtual Machine | category=Other | subcategory=Other (Other)
            charge: category=Usage | frequency=UsageBased | description=CVM - Standard SA2 CPU - Standard SA2 (Spot)
            periods: billing=2024-12-31T16:00:00+00:00..2025-01-31T16:00:00+00:00 | charge=2025-01-22T01:00:00+00:00..2025-01-22T01:59:59+00:00
            cost: billed=3.60 | effective=3.60 | list=3.60 | contracted=3.60
            pricing: category=Dynamic | quantity=30 | unit=Core-Hours | currency=CNY | list_price=0.12
            consumed: quantity=30 | unit=Core-Hours
            sku: id=CVM - Standard SA2 | meter=CPU - Standard SA2 (Spot)
            region: id=ap-guangzhou | name=South China (Guangzhou) | zone=Guangzhou Zone 3
            resource: id=ins-spot0001 | name=batch-spot, 离线计算 | type=CVM - Standard SA2
            extras: x_BillingMode=Pay-As-You-Go | x_CashPayAmount=3.60 | x_ComponentType=CPU | x_DiscountMultiplier=1 | x_DurationUnit=Hour | x_IncentivePayAmount=0 | x_InstanceType=Spot Instance | x_OperatorAccountId=100012345678 | x_Project=Default Project | x_SubproductName=CVM - Standard SA2 | x_TransactionId=20250122100000006 | x_TransactionTime=2025-01-22 10:00:00 | x_TransactionType=Hourly Settlement | x_UsageDuration=1 | x_VoucherDeduction=0 | x_VoucherPayAmount=0
            row: 7
        "#]],
    );

    let db = m.of("cdb-1a2b3c4d", |_| true);
    check(
        db,
        expect![[r#"
            provider: name=Tencent Cloud | publisher=Tencent Cloud | issuer=Tencent Cloud
            account: id=100012345678 | type=Payer Account | currency=CNY
            sub_account: id=100012345678 | type=Account
            service: name=TencentDB for MySQL | category=Databases | subcategory=Relational Databases
            charge: category=Purchase | frequency=Recurring | description=MySQL - Dual-node MySQL - 4 cores 16 GB
            periods: billing=2024-12-31T16:00:00+00:00..2025-01-31T16:00:00+00:00 | charge=2025-01-10T07:55:00+00:00..2025-02-10T07:55:00+00:00
            cost: billed=1234.56 | effective=1234.56 | list=1543.20 | contracted=1234.56
            pricing: category=Standard | quantity=1 | unit=Instance-Months | currency=CNY | list_price=1543.20
            sku: id=MySQL - Dual-node | meter=MySQL - 4 cores 16 GB
            region: id=ap-shanghai | name=East China (Shanghai) | zone=Shanghai Zone 4
            resource: id=cdb-1a2b3c4d | name=pay-db-master | type=MySQL - Dual-node
            tags: env=prod | team=pay
            extras: x_BillingMode=Monthly Subscription | x_CashPayAmount=1,000.00 | x_ComponentType=Instance | x_DiscountMultiplier=0.8 | x_DurationUnit=Month | x_IncentivePayAmount=0 | x_OperatorAccountId=100012345678 | x_Project=支付中台 | x_SubproductName=MySQL - Dual-node | x_TransactionId=20250110155500003 | x_TransactionTime=2025-01-10 15:55:00 | x_TransactionType=New Purchase | x_UsageDuration=1 | x_VoucherDeduction=234.56 | x_VoucherPayAmount=234.56
            row: 4
        "#]],
    );
    let refund = m.of("cdb-oldold01", |_| true);
    check(
        refund,
        expect![[r#"
            provider: name=Tencent Cloud | publisher=Tencent Cloud | issuer=Tencent Cloud
            account: id=100012345678 | type=Payer Account | currency=CNY
            sub_account: id=100012345678 | type=Account
            service: name=TencentDB for MySQL | category=Databases | subcategory=Relational Databases
            charge: category=Purchase | frequency=Recurring | description=MySQL - Dual-node MySQL - 2 cores 4 GB
            periods: billing=2024-12-31T16:00:00+00:00..2025-01-31T16:00:00+00:00 | charge=2025-01-25T04:00:00+00:00..2025-02-09T16:00:00+00:00
            cost: billed=-120.00 | effective=-120.00 | list=-150.00 | contracted=-120.00
            pricing: category=Standard | currency=CNY
            sku: id=MySQL - Dual-node | meter=MySQL - 2 cores 4 GB
            region: id=ap-shanghai | name=East China (Shanghai) | zone=Shanghai Zone 4
            resource: id=cdb-oldold01 | name=pay-db-old | type=MySQL - Dual-node
            extras: x_BillingMode=Monthly Subscription | x_CashPayAmount=-120.00 | x_ComponentType=Instance | x_DiscountMultiplier=0.8 | x_IncentivePayAmount=0 | x_OperatorAccountId=100012345678 | x_Project=支付中台 | x_SubproductName=MySQL - Dual-node | x_TransactionId=20250125120000007 | x_TransactionTime=2025-01-25 12:00:00 | x_TransactionType=Refund | x_VoucherDeduction=0 | x_VoucherPayAmount=0
            row: 8
        "#]],
    );
    let adj = m
        .lines
        .iter()
        .find(|l| l.dims.charge_category == ChargeCategory::Adjustment)
        .expect("adjustment");
    check(
        adj,
        expect![[r#"
            provider: name=Tencent Cloud | publisher=Tencent Cloud | issuer=Tencent Cloud
            account: id=100012345678 | type=Payer Account | currency=CNY
            sub_account: id=100012345678 | type=Account
            service: name=Cloud Virtual Machine | category=Other | subcategory=Other (Other)
            charge: category=Adjustment | frequency=OneTime | description=Cloud Virtual Machine Adjustment
            periods: billing=2024-12-31T16:00:00+00:00..2025-01-31T16:00:00+00:00 | charge=2025-01-26T16:00:00+00:00..2025-01-27T15:59:59+00:00
            cost: billed=-5.00 | effective=-5.00 | list=-5.00 | contracted=-5.00
            pricing: currency=CNY
            region: id=ap-guangzhou | name=South China (Guangzhou)
            resource: id=ins-8x9y0z1a | name=game-server-01 | type=Cloud Virtual Machine
            tags: env=prod | team=game
            extras: x_BillingMode=Pay-As-You-Go | x_CashPayAmount=-5.00 | x_IncentivePayAmount=0 | x_OperatorAccountId=100012345678 | x_Project=Default Project | x_TransactionId=20250128000000008 | x_TransactionTime=2025-01-28 00:00:00 | x_TransactionType=Adjustment | x_VoucherDeduction=0 | x_VoucherPayAmount=0
            row: 9
        "#]],
    );

    let sg = m.of("ins-sg000001", |_| true);
    check(
        sg,
        expect![[r#"
            provider: name=Tencent Cloud | publisher=Tencent Cloud | issuer=Tencent Cloud
            account: id=200098765432 | type=Payer Account | currency=USD
            sub_account: id=200098765433 | type=Account
            service: name=Cloud Virtual Machine | category=Other | subcategory=Other (Other)
            charge: category=Usage | frequency=UsageBased | description=CVM - Standard S5 CPU - Standard S5
            periods: billing=2024-12-31T16:00:00+00:00..2025-01-31T16:00:00+00:00 | charge=2025-01-17T16:00:00+00:00..2025-01-18T15:59:59+00:00
            cost: billed=6.53 | effective=6.53 | list=6.53 | contracted=6.53
            pricing: category=Standard | quantity=96 | unit=Core-Hours | currency=USD | list_price=0.068
            consumed: quantity=96 | unit=Core-Hours
            sku: id=CVM - Standard S5 | meter=CPU - Standard S5
            region: id=ap-singapore | name=Southeast Asia (Singapore) | zone=Singapore Zone 1
            resource: id=ins-sg000001 | name=sg-web-01 | type=CVM - Standard S5
            tags: env=prod
            extras: x_BillingMode=Pay-As-You-Go | x_CashPayAmount=6.53 | x_ComponentType=CPU | x_DiscountMultiplier=1 | x_DurationUnit=Hour | x_IncentivePayAmount=0 | x_OperatorAccountId=200098765433 | x_Project=Default Project | x_SubproductName=CVM - Standard S5 | x_TransactionId=20250118000000010 | x_TransactionTime=2025-01-18 23:59:59 | x_TransactionType=Hourly Settlement | x_UsageDuration=24 | x_VoucherDeduction=0 | x_VoucherPayAmount=0
            row: 11
        "#]],
    );
}

#[test]
fn tencent_older_console_export_in_chinese() {
    let m = run(TENCENT_ZH);
    assert_eq!(m.variant, "Chinese headers");
    assert_eq!(m.skipped.len(), 1, "the 总计 row");
    let expected = raw_totals(
        TENCENT_ZH,
        "优惠后总价(元)",
        |_| "CNY".to_string(),
        |r| (r["账单月份"] != "总计").then(|| china_month(r["账单月份"])),
    );
    assert_totals(&m, &expected);
    // Equal to the console's own total row.
    assert_eq!(
        expected,
        BTreeMap::from([((CN_2024_12, "CNY".to_string()), dec("2961.65"))])
    );

    for l in &m.lines {
        assert_eq!(l.billing_period_start, CN_2024_12);
        assert_eq!(l.dims.billing_currency, "CNY", "from the (元) unit");
    }
    let new = m.of("ins-yr000001", |_| true);
    check(
        new,
        expect![[r#"
            provider: name=Tencent Cloud | publisher=Tencent Cloud | issuer=Tencent Cloud
            account: id=100012345678 | type=Payer Account | currency=CNY
            sub_account: id=100012345678 | type=Account
            service: name=云服务器CVM | category=Compute | subcategory=Virtual Machines
            charge: category=Purchase | frequency=Recurring | description=云服务器CVM-标准型S5 标准型S5 8核32GB
            periods: billing=2024-11-30T16:00:00+00:00..2024-12-31T16:00:00+00:00 | charge=2024-12-05T02:30:00+00:00..2025-12-05T02:30:00+00:00
            cost: billed=2400.00 | effective=2400.00 | list=3000.00 | contracted=2400.00
            pricing: category=Standard | quantity=1 | unit=Instances | currency=CNY
            sku: id=云服务器CVM-标准型S5 | meter=标准型S5 8核32GB
            region: id=ap-guangzhou | name=华南地区(广州) | zone=广州四区
            resource: id=ins-yr000001 | name=match-svc, 匹配服务 | type=云服务器CVM-标准型S5
            tags: env=prod | team=game
            extras: x_BillMonth=2024-12 | x_BillingMode=包年包月 | x_CashPayAmount=2,000.00 | x_ComponentType=实例 | x_DiscountMultiplier=0.8 | x_DurationUnit=月 | x_IncentivePayAmount=0 | x_OperatorAccountId=100087654321 | x_Project=游戏后端 | x_SubproductName=云服务器CVM-标准型S5 | x_TransactionId=20241205103000002 | x_TransactionTime=2024-12-05 10:30:00 | x_TransactionType=包年包月新购 | x_UsageDuration=12 | x_VoucherPayAmount=400.00
            row: 3
        "#]],
    );

    let hourly = m.of("ins-8x9y0z1a", |l| {
        l.dims.sku_meter.as_deref() == Some("CPU-标准型S5")
    });
    check(
        hourly,
        expect![[r#"
            provider: name=Tencent Cloud | publisher=Tencent Cloud | issuer=Tencent Cloud
            account: id=100012345678 | type=Payer Account | currency=CNY
            sub_account: id=100012345678 | type=Account
            service: name=云服务器CVM | category=Compute | subcategory=Virtual Machines
            charge: category=Usage | frequency=UsageBased | description=云服务器CVM-标准型S5 CPU-标准型S5
            periods: billing=2024-11-30T16:00:00+00:00..2024-12-31T16:00:00+00:00 | charge=2024-11-30T16:00:00+00:00..2024-11-30T16:59:59+00:00
            cost: billed=0.84 | effective=0.84 | list=1.40 | contracted=0.84
            pricing: category=Standard | quantity=4 | unit=Core-Hours | currency=CNY | list_price=0.35
            consumed: quantity=4 | unit=Core-Hours
            sku: id=云服务器CVM-标准型S5 | meter=CPU-标准型S5
            region: id=ap-guangzhou | name=华南地区(广州) | zone=广州三区
            resource: id=ins-8x9y0z1a | name=game-server-01 | type=云服务器CVM-标准型S5
            tags: env=prod | team=game
            extras: x_BillMonth=2024-12 | x_BillingMode=按量计费 | x_CashPayAmount=0.84 | x_ComponentType=CPU | x_DiscountMultiplier=0.6 | x_DurationUnit=小时 | x_IncentivePayAmount=0 | x_OperatorAccountId=100087654321 | x_Project=默认项目 | x_SubproductName=云服务器CVM-标准型S5 | x_TransactionId=20241201010000001 | x_TransactionTime=2024-12-01 01:00:00 | x_TransactionType=按量计费小时结 | x_UsageDuration=1 | x_VoucherPayAmount=0
            row: 1
        "#]],
    );
    let redis = m.of("crs-abcd1234", |_| true);
    check(
        redis,
        expect![[r#"
            provider: name=Tencent Cloud | publisher=Tencent Cloud | issuer=Tencent Cloud
            account: id=100012345678 | type=Payer Account | currency=CNY
            sub_account: id=100012345678 | type=Account
            service: name=云数据库Redis | category=Databases | subcategory=Caching
            charge: category=Usage | frequency=UsageBased | description=Redis-标准架构 Redis 内存容量
            periods: billing=2024-11-30T16:00:00+00:00..2024-12-31T16:00:00+00:00 | charge=2024-12-31T15:00:00+00:00..2024-12-31T15:59:59+00:00
            cost: billed=1.23 | effective=1.23 | list=1.23 | contracted=1.23
            pricing: category=Standard | quantity=16 | unit=GB-Hours | currency=CNY | list_price=0.0769
            consumed: quantity=16 | unit=GB-Hours
            sku: id=Redis-标准架构 | meter=Redis 内存容量
            region: id=ap-guangzhou | name=华南地区(广州) | zone=广州三区
            resource: id=crs-abcd1234 | name=session-cache | type=Redis-标准架构
            tags: env=prod | team=game
            extras: x_BillMonth=2024-12 | x_BillingMode=按量计费 | x_CashPayAmount=1.23 | x_ComponentType=内存 | x_DiscountMultiplier=1 | x_IncentivePayAmount=0 | x_OperatorAccountId=100087654321 | x_Project=默认项目 | x_SubproductName=Redis-标准架构 | x_TransactionId=20241231230000007 | x_TransactionTime=2024-12-31 23:59:59 | x_TransactionType=按量计费小时结 | x_VoucherPayAmount=0
            row: 8
        "#]],
    );
    let refund = m.of("ins-yr000009", |_| true);
    check(
        refund,
        expect![[r#"
            provider: name=Tencent Cloud | publisher=Tencent Cloud | issuer=Tencent Cloud
            account: id=100012345678 | type=Payer Account | currency=CNY
            sub_account: id=100012345678 | type=Account
            service: name=云服务器CVM | category=Compute | subcategory=Virtual Machines
            charge: category=Purchase | frequency=Recurring | description=云服务器CVM-标准型S5 标准型S5 2核4GB
            periods: billing=2024-11-30T16:00:00+00:00..2024-12-31T16:00:00+00:00 | charge=2024-12-20T06:00:00+00:00..2025-02-28T16:00:00+00:00
            cost: billed=-300.00 | effective=-300.00 | list=-375.00 | contracted=-300.00
            pricing: category=Standard | currency=CNY
            sku: id=云服务器CVM-标准型S5 | meter=标准型S5 2核4GB
            region: id=ap-guangzhou | name=华南地区(广州) | zone=广州四区
            resource: id=ins-yr000009 | name=old-svc | type=云服务器CVM-标准型S5
            extras: x_BillMonth=2024-12 | x_BillingMode=包年包月 | x_CashPayAmount=-300.00 | x_ComponentType=实例 | x_DiscountMultiplier=0.8 | x_IncentivePayAmount=0 | x_OperatorAccountId=100087654321 | x_Project=游戏后端 | x_SubproductName=云服务器CVM-标准型S5 | x_TransactionId=20241220140000006 | x_TransactionTime=2024-12-20 14:00:00 | x_TransactionType=退费 | x_VoucherPayAmount=0
            row: 7
        "#]],
    );
}
