//! Alibaba Cloud bill details: the console's Chinese export (with its
//! 合计 row) and the OSS file with English fields in two currencies.

mod common;

use std::collections::BTreeMap;

use cloudlens_bills::FormatId;
use cloudlens_model::ChargeCategory;
use common::*;
use expect_test::expect;

// ---------------------------------------------------------------------------
// Alibaba Cloud

#[test]
fn alibaba_console_export_in_chinese() {
    let m = run(ALIBABA_ZH);
    assert_eq!(m.format, FormatId::Alibaba);

    // The console's 合计 row is skipped, and only it.
    assert_eq!(m.skipped.len(), 1);
    assert_eq!(m.skipped[0].1, "the console's 合计 (total) row");
    assert_eq!(m.sources.len(), 14);
    assert_eq!(m.lines.len(), 14);

    // Totals per bill and currency, from the raw cells...
    let expected = raw_totals(
        ALIBABA_ZH,
        "应付金额",
        |_| "CNY".to_string(),
        |r| (r["账期"] != "合计").then(|| china_month(r["账期"])),
    );
    assert_totals(&m, &expected);
    // ... equal the console's own 合计 row, to the cent.
    assert_eq!(
        expected,
        BTreeMap::from([((CN_2025_01, "CNY".to_string()), dec("14890.50"))])
    );

    for l in &m.lines {
        assert_eq!(
            l.billing_period_start, CN_2025_01,
            "2025-01 starts 2024-12-31T16:00Z"
        );
        assert_eq!(l.billing_period_end, CN_2025_02);
        assert_eq!(l.dims.provider_name, "Alibaba Cloud");
        assert_eq!(l.dims.billing_account_id, "1234567890123456");
        assert_eq!(l.effective_cost, l.billed_cost);
    }

    let ecs = m.of("i-bp1a2b3c4d5e6f7g8h9i", |l| {
        l.dims.sku_meter.as_deref() == Some("实例规格")
    });
    check(
        ecs,
        expect![[r#"
            provider: name=Alibaba Cloud | publisher=Alibaba Cloud | issuer=Alibaba Cloud
            account: id=1234567890123456 | name=cloudlens-demo@example.com | type=Account | currency=CNY
            sub_account: id=1234567890123456 | name=cloudlens-demo@example.com | type=Account
            service: name=云服务器 ECS | category=Compute | subcategory=Virtual Machines
            charge: category=Usage | frequency=UsageBased | description=云服务器 ECS 实例规格
            periods: billing=2024-12-31T16:00:00+00:00..2025-01-31T16:00:00+00:00 | charge=2024-12-31T16:00:00+00:00..2025-01-31T16:00:00+00:00
            cost: billed=656.21 | effective=656.21 | list=729.12 | contracted=656.21
            pricing: category=Standard | quantity=744 | unit=Hours | currency=CNY | list_price=0.9800
            consumed: quantity=744 | unit=Hours
            sku: id=ecs | meter=实例规格
            region: id=cn-hangzhou | name=华东1（杭州） | zone=cn-hangzhou-h
            resource: id=i-bp1a2b3c4d5e6f7g8h9i | name=web-prod-01 | type=云服务器 ECS
            tags: env=prod | team=web
            extras: x_BillType=后付账单 | x_BillingCycle=2025-01 | x_BillingType=按量付费 | x_CostUnit=未分配 | x_DeductedByCashCoupons=0 | x_DeductedByCoupons=0 | x_DeductedByPrepaidCard=0 | x_DeductedByResourcePackage=0 | x_InstanceConfig=CPU:4核 内存:16GB | x_InstanceSpec=ecs.g7.xlarge | x_InternetIP=47.96.12.10 | x_IntranetIP=172.16.0.10 | x_InvoiceDiscount=72.91 | x_ListPriceUnit=元/小时 | x_OutstandingAmount=0 | x_PaymentAmount=656.21 | x_PaymentTime=2025-02-01 00:00:00 | x_ProductCode=ecs | x_ProductDetail=云服务器ECS-按量付费 | x_RecordID=202502010000123 | x_ResourceGroup=默认资源组 | x_ServicePeriod=744 | x_SubscriptionType=后付费
            row: 1
        "#]],
    );
    let x = extras(ecs);
    assert_eq!(x["x_CostUnit"], "未分配");
    assert_eq!(x["x_ProductCode"], "ecs");
    assert_eq!(x["x_BillingCycle"], "2025-01");
    assert_eq!(x["x_BillType"], "后付账单");

    // A subscription bought in the month: quoted thousands separators,
    // the console's `key:k value:v` tag spelling, a comma in the nickname.
    let sub = m.of("i-bp19zx8wv7ut6sr5qp4o", |_| true);
    // The payment split is kept, not turned into credits.
    check(
        sub,
        expect![[r#"
            provider: name=Alibaba Cloud | publisher=Alibaba Cloud | issuer=Alibaba Cloud
            account: id=1234567890123456 | name=cloudlens-demo@example.com | type=Account | currency=CNY
            sub_account: id=1234567890123456 | name=cloudlens-demo@example.com | type=Account
            service: name=云服务器 ECS | category=Compute | subcategory=Virtual Machines
            charge: category=Purchase | frequency=Recurring | description=云服务器ECS-包年包月
            periods: billing=2024-12-31T16:00:00+00:00..2025-01-31T16:00:00+00:00 | charge=2025-01-05T02:23:45+00:00..2026-01-05T16:00:00+00:00
            cost: billed=11232.00 | effective=11232.00 | list=12480.00 | contracted=11232.00
            pricing: category=Standard | quantity=1 | unit=Units | currency=CNY
            sku: id=ecs | meter=云服务器ECS-包年包月
            region: id=cn-hangzhou | name=华东1（杭州） | zone=cn-hangzhou-i
            resource: id=i-bp19zx8wv7ut6sr5qp4o | name=db-proxy, 主库代理 | type=云服务器 ECS
            tags: env=prod | owner=张三
            extras: x_BillType=预付订单 | x_BillingCycle=2025-01 | x_BillingType=包年包月 | x_CostUnit=未分配 | x_DeductedByCashCoupons=1,232.00 | x_DeductedByCoupons=0 | x_DeductedByPrepaidCard=0 | x_DeductedByResourcePackage=0 | x_InstanceConfig=CPU:8核 内存:32GB | x_InstanceSpec=ecs.g7.2xlarge | x_IntranetIP=172.16.0.21 | x_InvoiceDiscount=1,248.00 | x_OutstandingAmount=0 | x_PaymentAmount=10,000.00 | x_PaymentTime=2025-01-05 10:23:45 | x_ProductCode=ecs | x_ProductDetail=云服务器ECS-包年包月 | x_RecordID=228765432100011 | x_ResourceGroup=生产环境 | x_ServicePeriod=12 | x_SubscriptionType=预付费
            row: 3
        "#]],
    );

    let refund = m.of("i-bp1old0000000000000", |_| true);
    check(
        refund,
        expect![[r#"
            provider: name=Alibaba Cloud | publisher=Alibaba Cloud | issuer=Alibaba Cloud
            account: id=1234567890123456 | name=cloudlens-demo@example.com | type=Account | currency=CNY
            sub_account: id=1234567890123456 | name=cloudlens-demo@example.com | type=Account
            service: name=云服务器 ECS | category=Compute | subcategory=Virtual Machines
            charge: category=Purchase | frequency=Recurring | description=云服务器ECS-包年包月
            periods: billing=2024-12-31T16:00:00+00:00..2025-01-31T16:00:00+00:00 | charge=2025-01-20T07:04:05+00:00..2025-06-29T16:00:00+00:00
            cost: billed=-450.00 | effective=-450.00 | list=-500.00 | contracted=-450.00
            pricing: category=Standard | quantity=1 | unit=Units | currency=CNY
            sku: id=ecs | meter=云服务器ECS-包年包月
            region: id=cn-hangzhou | name=华东1（杭州） | zone=cn-hangzhou-g
            resource: id=i-bp1old0000000000000 | name=legacy-app | type=云服务器 ECS
            tags: env=test
            extras: x_BillType=退款 | x_BillingCycle=2025-01 | x_BillingType=包年包月 | x_CostUnit=未分配 | x_DeductedByCashCoupons=0 | x_DeductedByCoupons=0 | x_DeductedByPrepaidCard=0 | x_DeductedByResourcePackage=0 | x_InvoiceDiscount=-50.00 | x_OutstandingAmount=0 | x_PaymentAmount=-450.00 | x_PaymentTime=2025-01-20 15:04:05 | x_ProductCode=ecs | x_ProductDetail=云服务器ECS-包年包月 | x_RecordID=228765432100099 | x_ResourceGroup=默认资源组 | x_SubscriptionType=预付费
            row: 9
        "#]],
    );
    let adjustment = m
        .lines
        .iter()
        .find(|l| l.dims.charge_category == ChargeCategory::Adjustment)
        .expect("the 调账 row");
    // FOCUS 1.2 wants a frequency on every line: an adjustment is one-time.
    check(
        adjustment,
        expect![[r#"
            provider: name=Alibaba Cloud | publisher=Alibaba Cloud | issuer=Alibaba Cloud
            account: id=1234567890123456 | name=cloudlens-demo@example.com | type=Account | currency=CNY
            sub_account: id=1234567890123456 | name=cloudlens-demo@example.com | type=Account
            service: name=云服务器 ECS | category=Compute | subcategory=Virtual Machines
            charge: category=Adjustment | frequency=OneTime | description=云服务器ECS-按量付费
            periods: billing=2024-12-31T16:00:00+00:00..2025-01-31T16:00:00+00:00 | charge=2025-01-24T16:00:00+00:00..2025-01-25T16:00:00+00:00
            cost: billed=-12.34 | effective=-12.34 | list=-12.34 | contracted=-12.34
            pricing: currency=CNY
            sku: id=ecs | meter=云服务器ECS-按量付费
            region: id=cn-hangzhou | name=华东1（杭州） | zone=cn-hangzhou-h
            resource: id=i-bp1a2b3c4d5e6f7g8h9i | name=web-prod-01 | type=云服务器 ECS
            tags: env=prod | team=web
            extras: x_BillType=调账 | x_BillingCycle=2025-01 | x_BillingType=按量付费 | x_CostUnit=未分配 | x_DeductedByCashCoupons=0 | x_DeductedByCoupons=0 | x_DeductedByPrepaidCard=0 | x_DeductedByResourcePackage=0 | x_InvoiceDiscount=0 | x_OutstandingAmount=0 | x_PaymentAmount=-12.34 | x_PaymentTime=2025-01-25 09:00:00 | x_ProductCode=ecs | x_ProductDetail=云服务器ECS-按量付费 | x_RecordID=202501250000001 | x_ResourceGroup=默认资源组 | x_SubscriptionType=后付费
            row: 10
        "#]],
    );

    // A quoted newline survives; the next row starts two lines later.
    let sms = m.of("dysms-cn-hangzhou", |_| true);
    check(
        sms,
        expect![[r#"
            provider: name=Alibaba Cloud | publisher=Alibaba Cloud | issuer=Alibaba Cloud
            account: id=1234567890123456 | name=cloudlens-demo@example.com | type=Account | currency=CNY
            sub_account: id=1234567890123456 | name=cloudlens-demo@example.com | type=Account
            service: name=短信服务 | category=Integration | subcategory=Messaging
            charge: category=Usage | frequency=UsageBased | description=短信服务 国内短信条数
            periods: billing=2024-12-31T16:00:00+00:00..2025-01-31T16:00:00+00:00 | charge=2025-01-30T16:00:00+00:00..2025-01-31T16:00:00+00:00
            cost: billed=55.53 | effective=55.53 | list=55.53 | contracted=55.53
            pricing: category=Standard | quantity=1234 | unit=Items | currency=CNY | list_price=0.045
            consumed: quantity=1234 | unit=Items
            sku: id=dysms | meter=国内短信条数
            region: id=cn-hangzhou | name=华东1（杭州）
            resource: id=dysms-cn-hangzhou | name=告警短信,
            运维通知 | type=短信服务
            tags: team=ops
            extras: x_BillType=后付账单 | x_BillingCycle=2025-01 | x_BillingType=按量付费 | x_CostUnit=未分配 | x_DeductedByCashCoupons=0 | x_DeductedByCoupons=0 | x_DeductedByPrepaidCard=0 | x_DeductedByResourcePackage=0 | x_InvoiceDiscount=0 | x_ListPriceUnit=元/条 | x_OutstandingAmount=0 | x_PaymentAmount=55.53 | x_PaymentTime=2025-01-31 23:00:00 | x_ProductCode=dysms | x_ProductDetail=短信服务-国内短信 | x_RecordID=202502010001000 | x_ResourceGroup=默认资源组 | x_SubscriptionType=后付费
            row: 11
        "#]],
    );
    let logs = m.of("cn-beijing;app-logs", |_| true);
    assert_eq!(logs.provenance.source_row, sms.provenance.source_row + 2);
    check(
        logs,
        expect![[r#"
            provider: name=Alibaba Cloud | publisher=Alibaba Cloud | issuer=Alibaba Cloud
            account: id=1234567890123456 | name=cloudlens-demo@example.com | type=Account | currency=CNY
            sub_account: id=1234567890123456 | name=cloudlens-demo@example.com | type=Account
            service: name=日志服务 SLS | category=Management and Governance | subcategory=Observability
            charge: category=Usage | frequency=UsageBased | description=日志服务 SLS 写入流量
            periods: billing=2024-12-31T16:00:00+00:00..2025-01-31T16:00:00+00:00 | charge=2024-12-31T16:00:00+00:00..2025-01-31T16:00:00+00:00
            cost: billed=146.21 | effective=146.21 | list=146.21 | contracted=146.21
            pricing: category=Standard | quantity=812.3 | unit=GB | currency=CNY | list_price=0.18
            consumed: quantity=812.3 | unit=GB
            sku: id=sls | meter=写入流量
            region: id=cn-beijing | name=华北2（北京）
            resource: id=cn-beijing;app-logs | name=app-logs | type=日志服务 SLS
            tags: env=staging | team=platform
            extras: x_BillType=后付账单 | x_BillingCycle=2025-01 | x_BillingType=按量付费 | x_CostUnit=未分配 | x_DeductedByCashCoupons=0 | x_DeductedByCoupons=0 | x_DeductedByPrepaidCard=0 | x_DeductedByResourcePackage=0 | x_InvoiceDiscount=0 | x_ListPriceUnit=元/GB | x_OutstandingAmount=20.00 | x_PaymentAmount=126.21 | x_PaymentTime=2025-02-01 00:00:00 | x_ProductCode=sls | x_ProductDetail=日志服务-按量付费 | x_RecordID=202502010001111 | x_ResourceGroup=默认资源组 | x_SubscriptionType=后付费
            row: 13
        "#]],
    );

    // Literal NULL is no value; OSS bills a region and storage class as its "instance".
    let cdn = m.of("static.example.com", |_| true);
    check(
        cdn,
        expect![[r#"
            provider: name=Alibaba Cloud | publisher=Alibaba Cloud | issuer=Alibaba Cloud
            account: id=1234567890123456 | name=cloudlens-demo@example.com | type=Account | currency=CNY
            sub_account: id=1234567890123456 | name=cloudlens-demo@example.com | type=Account
            service: name=CDN | category=Networking | subcategory=Content Delivery
            charge: category=Usage | frequency=UsageBased | description=CDN 下行流量
            periods: billing=2024-12-31T16:00:00+00:00..2025-01-31T16:00:00+00:00 | charge=2024-12-31T16:00:00+00:00..2025-01-31T16:00:00+00:00
            cost: billed=900.00 | effective=900.00 | list=1200.00 | contracted=960.00
            pricing: category=Standard | quantity=5000 | unit=GB | currency=CNY | list_price=0.24
            consumed: quantity=5000 | unit=GB
            sku: id=cdn | meter=下行流量
            resource: id=static.example.com | name=static.example.com | type=CDN
            tags: env=prod | team=web
            extras: x_BillType=后付账单 | x_BillingCycle=2025-01 | x_BillingType=按量付费 | x_CostUnit=未分配 | x_DeductedByCashCoupons=0 | x_DeductedByCoupons=60.00 | x_DeductedByPrepaidCard=0 | x_DeductedByResourcePackage=0 | x_InvoiceDiscount=240.00 | x_ListPriceUnit=元/GB | x_OutstandingAmount=0 | x_PaymentAmount=900.00 | x_PaymentTime=2025-02-01 00:00:00 | x_ProductCode=cdn | x_ProductDetail=CDN-流量 | x_RecordID=202502010000999 | x_ResourceGroup=默认资源组 | x_SubscriptionType=后付费
            row: 8
        "#]],
    );
    let oss = m.of("cn-shanghai;standard", |l| {
        l.dims.sku_meter.as_deref() == Some("标准存储容量")
    });
    check(
        oss,
        expect![[r#"
            provider: name=Alibaba Cloud | publisher=Alibaba Cloud | issuer=Alibaba Cloud
            account: id=1234567890123456 | name=cloudlens-demo@example.com | type=Account | currency=CNY
            sub_account: id=1234567890123456 | name=cloudlens-demo@example.com | type=Account
            service: name=对象存储 OSS | category=Storage | subcategory=Object Storage
            charge: category=Usage | frequency=UsageBased | description=对象存储 OSS 标准存储容量
            periods: billing=2024-12-31T16:00:00+00:00..2025-01-31T16:00:00+00:00 | charge=2024-12-31T16:00:00+00:00..2025-01-31T16:00:00+00:00
            cost: billed=145.82 | effective=145.82 | list=245.82 | contracted=245.82
            pricing: category=Standard | quantity=2048.5 | unit=GB | currency=CNY | list_price=0.12
            consumed: quantity=2048.5 | unit=GB
            sku: id=oss | meter=标准存储容量
            region: id=cn-shanghai | name=华东2（上海）
            resource: id=cn-shanghai;standard | type=对象存储 OSS
            extras: x_BillType=后付账单 | x_BillingCycle=2025-01 | x_BillingType=按量付费 | x_CostUnit=未分配 | x_DeductedByCashCoupons=0 | x_DeductedByCoupons=0 | x_DeductedByPrepaidCard=0 | x_DeductedByResourcePackage=100.00 | x_InvoiceDiscount=0 | x_ListPriceUnit=元/GB/月 | x_OutstandingAmount=0 | x_PaymentAmount=145.82 | x_PaymentTime=2025-02-01 00:00:00 | x_ProductCode=oss | x_ProductDetail=对象存储OSS-按量付费 | x_RecordID=202502010000456 | x_ResourceGroup=默认资源组 | x_SubscriptionType=后付费
            row: 4
        "#]],
    );

    // The 合计 row is the last line of the file.
    let last_line = Table::read(ALIBABA_ZH).records.last().map(|r| r.0);
    assert_eq!(Some(m.skipped[0].0), last_line);
}

#[test]
fn alibaba_oss_file_with_english_fields_and_two_currencies() {
    let m = run(ALIBABA_EN);
    assert_eq!(m.variant, "English headers");
    assert!(m.skipped.is_empty());
    let expected = raw_totals(
        ALIBABA_EN,
        "PretaxAmount",
        |r| r["Currency"].to_string(),
        |r| Some(china_month(r["BillingCycle"])),
    );
    assert_totals(&m, &expected);
    assert_eq!(
        expected,
        BTreeMap::from([
            ((CN_2025_01, "CNY".to_string()), dec("7811.31")),
            ((CN_2025_01, "USD".to_string()), dec("1182.79")),
            ((CN_2025_02, "CNY".to_string()), dec("-619.67")),
            ((CN_2025_02, "USD".to_string()), dec("3.24")),
        ])
    );

    // No start/end times: the billing day, 2025-01-31 in UTC+8.
    let oss = m.of("cn-shanghai;standard", |l| {
        l.billing_period_start == CN_2025_01
    });
    check(
        oss,
        expect![[r#"
            provider: name=Alibaba Cloud | publisher=Alibaba Cloud | issuer=Alibaba Cloud
            account: id=1234567890123456 | name=cloudlens-demo@example.com | type=Account | currency=CNY
            sub_account: id=1234567890123456 | name=cloudlens-demo@example.com | type=Account
            service: name=对象存储 OSS | category=Storage | subcategory=Object Storage
            charge: category=Usage | frequency=UsageBased | description=对象存储 OSS Storage
            periods: billing=2024-12-31T16:00:00+00:00..2025-01-31T16:00:00+00:00 | charge=2025-01-30T16:00:00+00:00..2025-01-31T16:00:00+00:00
            cost: billed=6.14 | effective=6.14 | list=6.14 | contracted=6.14
            pricing: category=Standard | quantity=1536.25 | unit=GB | currency=CNY | list_price=0.12
            consumed: quantity=1536.25 | unit=GB
            sku: id=oss | meter=Storage
            region: id=cn-shanghai | name=China (Shanghai)
            resource: id=cn-shanghai;standard | type=对象存储
            extras: x_BillType=PayAsYouGoBill | x_BillingCycle=2025-01 | x_BillingType=按量付费 | x_CostUnit=数据平台 | x_DeductedByCashCoupons=6.14 | x_DeductedByCoupons=0 | x_DeductedByPrepaidCard=0 | x_DeductedByResourcePackage=0 | x_InvoiceDiscount=0 | x_ListPriceUnit=CNY/GB/Month | x_OutstandingAmount=0 | x_PaymentAmount=0.00 | x_PaymentTime=2025-02-01 00:00:00 | x_ProductCode=oss | x_ProductDetail=对象存储OSS | x_ProductType=对象存储 | x_RecordID=2025020100000002 | x_ResourceGroup=rg-acfm2abc | x_SubscriptionType=PayAsYouGo
            row: 3
        "#]],
    );

    let sg = m.of("ap-southeast-1;standard", |_| true);
    check(
        sg,
        expect![[r#"
            provider: name=Alibaba Cloud | publisher=Alibaba Cloud | issuer=Alibaba Cloud
            account: id=5678901234567890 | name=intl-ops@example.com | type=Account | currency=USD
            sub_account: id=5678901234567891 | name=intl-member@example.com | type=Account
            service: name=Object Storage Service | category=Storage | subcategory=Object Storage
            charge: category=Usage | frequency=UsageBased | description=Object Storage Service Storage
            periods: billing=2024-12-31T16:00:00+00:00..2025-01-31T16:00:00+00:00 | charge=2025-01-30T16:00:00+00:00..2025-01-31T16:00:00+00:00
            cost: billed=6.72 | effective=6.72 | list=6.72 | contracted=6.72
            pricing: category=Standard | quantity=10240 | unit=GB | currency=USD | list_price=0.0197
            consumed: quantity=10240 | unit=GB
            sku: id=oss | meter=Storage
            region: id=ap-southeast-1 | name=Singapore
            resource: id=ap-southeast-1;standard | type=OSS
            extras: x_BillType=PayAsYouGoBill | x_BillingCycle=2025-01 | x_BillingType=Pay-As-You-Go | x_CostUnit=Global Ops | x_DeductedByCashCoupons=0 | x_DeductedByCoupons=0 | x_DeductedByPrepaidCard=0 | x_DeductedByResourcePackage=0 | x_InvoiceDiscount=0 | x_ListPriceUnit=USD/GB/Month | x_OutstandingAmount=0 | x_PaymentAmount=6.72 | x_PaymentTime=2025-02-01 00:00:00 | x_ProductCode=oss | x_ProductDetail=OSS | x_ProductType=OSS | x_RecordID=2025020100000101 | x_ResourceGroup=rg-aek2xyz | x_SubscriptionType=PayAsYouGo
            row: 10
        "#]],
    );

    let rds = m.of("rm-bp1xyz987abc654def", |_| true);
    check(
        rds,
        expect![[r#"
            provider: name=Alibaba Cloud | publisher=Alibaba Cloud | issuer=Alibaba Cloud
            account: id=1234567890123456 | name=cloudlens-demo@example.com | type=Account | currency=CNY
            sub_account: id=1234567890123456 | name=cloudlens-demo@example.com | type=Account
            service: name=云数据库 RDS MySQL 版 | category=Databases | subcategory=Relational Databases
            charge: category=Purchase | frequency=Recurring | description=云数据库RDS MySQL-包年包月
            periods: billing=2024-12-31T16:00:00+00:00..2025-01-31T16:00:00+00:00 | charge=2025-01-20T03:22:33+00:00..2026-01-20T16:00:00+00:00
            cost: billed=7784.00 | effective=7784.00 | list=8760.00 | contracted=7884.00
            pricing: category=Standard | quantity=1 | unit=Instance | currency=CNY
            sku: id=rds | meter=云数据库RDS MySQL-包年包月
            region: id=cn-hangzhou | name=China (Hangzhou) | zone=cn-hangzhou-h
            resource: id=rm-bp1xyz987abc654def | name=orders-db, 主库 | type=云数据库
            tags: env=prod | team=data
            extras: x_BillType=SubscriptionOrder | x_BillingCycle=2025-01 | x_BillingType=包年包月 | x_CostUnit=数据平台 | x_DeductedByCashCoupons=0 | x_DeductedByCoupons=100.00 | x_DeductedByPrepaidCard=0 | x_DeductedByResourcePackage=0 | x_InstanceSpec=mysql.n4.xlarge.2c | x_InvoiceDiscount=876.00 | x_OutstandingAmount=0 | x_PaymentAmount=7,784.00 | x_PaymentTime=2025-01-20 11:22:33 | x_ProductCode=rds | x_ProductDetail=云数据库RDS MySQL-包年包月 | x_ProductType=云数据库 | x_RecordID=228800000000123 | x_ResourceGroup=rg-acfm2abc | x_ServicePeriod=12 | x_SubscriptionType=Subscription
            row: 4
        "#]],
    );

    let refund = m.of("i-bp1old0000000000000", |_| true);
    check(
        refund,
        expect![[r#"
            provider: name=Alibaba Cloud | publisher=Alibaba Cloud | issuer=Alibaba Cloud
            account: id=1234567890123456 | name=cloudlens-demo@example.com | type=Account | currency=CNY
            sub_account: id=1234567890123456 | name=cloudlens-demo@example.com | type=Account
            service: name=云服务器 ECS | category=Compute | subcategory=Virtual Machines
            charge: category=Purchase | frequency=Recurring | description=云服务器ECS-包年包月
            periods: billing=2025-01-31T16:00:00+00:00..2025-02-28T16:00:00+00:00 | charge=2025-02-05T00:00:00+00:00..2025-06-30T16:00:00+00:00
            cost: billed=-1080.00 | effective=-1080.00 | list=-1200.00 | contracted=-1080.00
            pricing: category=Standard | currency=CNY
            sku: id=ecs | meter=云服务器ECS-包年包月
            region: id=cn-hangzhou | name=China (Hangzhou) | zone=cn-hangzhou-g
            resource: id=i-bp1old0000000000000 | name=legacy-app | type=云服务器
            tags: env=test
            extras: x_BillType=Refund | x_BillingCycle=2025-02 | x_BillingType=包年包月 | x_CostUnit=数据平台 | x_DeductedByCashCoupons=0 | x_DeductedByCoupons=0 | x_DeductedByPrepaidCard=0 | x_DeductedByResourcePackage=0 | x_InvoiceDiscount=-120.00 | x_OutstandingAmount=0 | x_PaymentAmount=-1,080.00 | x_PaymentTime=2025-02-05 08:00:00 | x_ProductCode=ecs | x_ProductDetail=云服务器ECS-包年包月 | x_ProductType=云服务器 | x_RecordID=228800000000456 | x_SubscriptionType=Subscription
            row: 7
        "#]],
    );
}
